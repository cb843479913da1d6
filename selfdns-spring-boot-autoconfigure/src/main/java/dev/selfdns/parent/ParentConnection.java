package dev.selfdns.parent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;

import dev.selfdns.zone.IpAddresses;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.WireParseException;

/**
 * One DNS exchange at a time with a server of the parent zone, always over TCP (an UPDATE and
 * its read-back must not be truncated or spoofed by a UDP race), signed with the TSIG key when
 * there is one and the response's signature verified (RFC 8945 section 5.3). TSIG errors and
 * transport failures become a {@link RegistrationException} whose message names the fix.
 */
public final class ParentConnection {

	private final InetSocketAddress server;

	private final @Nullable TsigKey key;

	private final Duration timeout;

	private final Clock clock;

	/**
	 * Create the connection.
	 * @param server the server's address and port
	 * @param key the key to sign with, {@code null} to send unsigned queries
	 * @param timeout how long one exchange may take, connecting included
	 * @param clock the time TSIG signs with
	 */
	public ParentConnection(InetSocketAddress server, @Nullable TsigKey key, Duration timeout, Clock clock) {
		this.server = server;
		this.key = key;
		this.timeout = timeout;
		this.clock = clock;
	}

	public InetSocketAddress server() {
		return this.server;
	}

	public @Nullable TsigKey key() {
		return this.key;
	}

	/**
	 * Send a message and return the verified response.
	 * @param query the message; signed here
	 * @return the response, its TSIG verified if the query was signed
	 * @throws RegistrationException if the server cannot be reached, does not answer, or the
	 * signatures do not work out
	 */
	public Message exchange(Message query) throws RegistrationException {
		TSIG signer = (this.key != null) ? this.key.signer(this.clock) : null;
		if (signer != null) {
			signer.apply(query, null);
		}
		byte[] response = send(query.toWire(Message.MAXLENGTH));
		Message message;
		try {
			message = new Message(response);
		}
		catch (IOException ex) {
			throw new RegistrationException(RegistrationProblem.SERVER_FAILURE,
					"The parent's server at " + where() + " sent a malformed response: " + ex.getMessage());
		}
		if (message.getHeader().getID() != query.getHeader().getID()) {
			throw new RegistrationException(RegistrationProblem.SERVER_FAILURE,
					"The parent's server at " + where() + " answered another query (ID mismatch)");
		}
		if (signer != null) {
			verify(signer, query, message, response);
		}
		return message;
	}

	private void verify(TSIG signer, Message query, Message response, byte[] wire) throws RegistrationException {
		TsigKey key = this.key;
		TSIGRecord tsig = response.getTSIG();
		if (tsig == null || key == null) {
			String name = (key != null) ? key.name().toString() : "(none)";
			int rcode = response.getRcode();
			if (rcode == Rcode.REFUSED) {
				// Said as what came back: a refusal without a signature is no TSIG error.
				boolean update = query.getHeader().getOpcode() == Opcode.UPDATE;
				throw new RegistrationException(RegistrationProblem.REFUSED, "The parent's server at " + where()
						+ " answered REFUSED, unsigned: it refuses the " + (update ? "update" : "query")
						+ " without weighing key " + name + ". " + (update
								? "Is it the zone's primary, and does it take updates with that key (BIND: "
										+ "update-policy { grant " + name + " ...; }; Knot: an acl with action: update "
										+ "and key: " + name + ")?"
								: "Does it serve the zone that delegates this one, and answer this host's queries "
										+ "(BIND: allow-query; Knot: an acl with action: query)?"));
			}
			throw new RegistrationException(RegistrationProblem.UNSIGNED_RESPONSE, "The response from " + where()
					+ " is not signed with key " + name + " (rcode " + Rcode.string(rcode)
					+ "), so it is not trusted; does the server answer for the key at all?");
		}
		switch (tsig.getError()) {
			case Rcode.NOERROR -> {
			}
			case Rcode.BADKEY -> throw new RegistrationException(RegistrationProblem.BAD_KEY,
					"The parent's server at " + where() + " does not accept key " + key.name() + " ("
							+ key.algorithmText() + ", TSIG error BADKEY). Define it with that name and algorithm: "
							+ "BIND: key \"" + key.name() + "\" { algorithm " + key.algorithmText()
							+ "; secret \"<the secret>\"; }; Knot: key: [{id: " + key.name() + ", algorithm: "
							+ key.algorithmText() + ", secret: <the secret>}]. Knot answers BADKEY, unsigned, "
							+ "also when an acl denies a known key: check the acl's key, update-type and "
							+ "update-owner-name");
			case Rcode.BADSIG -> throw new RegistrationException(RegistrationProblem.BAD_SIGNATURE,
					"The parent's server at " + where() + " knows key " + key.name()
							+ " but its secret differs (TSIG error BADSIG): set selfdns.registration.key.secret "
							+ "to the secret of that key in the server's configuration");
			case Rcode.BADTIME -> throw new RegistrationException(RegistrationProblem.BAD_TIME,
					"The parent's server at " + where() + " rejected the time of the signature (TSIG error "
							+ "BADTIME): its clock and this host's differ by " + skewSeconds(tsig)
							+ " s, more than the " + tsig.getFudge().getSeconds()
							+ " s allowed; synchronise both clocks with NTP (chrony, systemd-timesyncd)");
			default -> throw new RegistrationException(RegistrationProblem.UNSIGNED_RESPONSE, "The parent's server at "
					+ where() + " answered with TSIG error " + Rcode.TSIGstring(tsig.getError()));
		}
		int verified = signer.verify(response, wire, query.getTSIG());
		if (verified != Rcode.NOERROR) {
			throw new RegistrationException(RegistrationProblem.UNSIGNED_RESPONSE, "The response from " + where()
					+ " does not verify with key " + key.name() + " (" + Rcode.TSIGstring(verified)
					+ "), so it is not trusted");
		}
	}

	/** RFC 8945 section 5.2.3: a BADTIME response carries the server's time in Other Data. */
	private String skewSeconds(TSIGRecord tsig) {
		byte[] other = tsig.getOther();
		if (other == null || other.length != 6) {
			return "more than " + tsig.getFudge().getSeconds();
		}
		long serverTime = ByteBuffer.allocate(8).put(new byte[2]).put(other).flip().getLong();
		return Long.toString(serverTime - this.clock.instant().getEpochSecond());
	}

	private byte[] send(byte[] query) throws RegistrationException {
		int millis = (int) Math.max(1, this.timeout.toMillis());
		try (Socket socket = new Socket()) {
			socket.connect(this.server, millis);
			socket.setSoTimeout(millis);
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			out.writeShort(query.length);
			out.write(query);
			out.flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			byte[] response = new byte[in.readUnsignedShort()];
			in.readFully(response);
			return response;
		}
		catch (SocketTimeoutException ex) {
			throw new RegistrationException(RegistrationProblem.TIMEOUT, "The parent's server at " + where()
					+ " did not answer over TCP within " + this.timeout.toMillis() + " ms; check "
					+ "selfdns.registration.server and that TCP port " + this.server.getPort() + " is open to it");
		}
		catch (ConnectException ex) {
			throw new RegistrationException(RegistrationProblem.UNREACHABLE, "Could not connect to the parent's server at "
					+ where() + " over TCP (" + ex.getMessage() + "); check selfdns.registration.server");
		}
		catch (WireParseException ex) {
			throw new RegistrationException(RegistrationProblem.SERVER_FAILURE,
					"The parent's server at " + where() + " sent a malformed response");
		}
		catch (IOException ex) {
			throw new RegistrationException(RegistrationProblem.UNREACHABLE,
					"The exchange with the parent's server at " + where() + " failed: " + ex.getMessage());
		}
	}

	/**
	 * The server as people write it.
	 * @return {@code host:port}, brackets around an IPv6 address
	 */
	public String where() {
		String host = IpAddresses.format(this.server.getAddress());
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + this.server.getPort();
	}

}
