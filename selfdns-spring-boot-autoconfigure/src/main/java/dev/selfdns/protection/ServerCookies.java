package dev.selfdns.protection;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * Server cookies as RFC 9018 defines them: version 1, a timestamp, and SipHash-2-4 over the
 * client cookie, the version, the timestamp and the client's address, keyed with a secret of
 * this host. A client that returns a valid one proves it receives answers at its address, so
 * it is not a spoofed source.
 */
public final class ServerCookies {

	/** The length of a client cookie. */
	public static final int CLIENT_COOKIE_LENGTH = 8;

	/** The length of the server cookies this server makes. */
	public static final int SERVER_COOKIE_LENGTH = 16;

	/** The length of the secret, a SipHash-2-4 key. */
	public static final int SECRET_LENGTH = 16;

	/** Room a caller provides for the hash input: two cookie halves and an IPv6 address. */
	public static final int SCRATCH_LENGTH = 32;

	private static final int VERSION = 1;

	// RFC 9018 section 4.3: a cookie is valid for an hour, and up to five minutes ahead of our clock.
	private static final long MAX_AGE_SECONDS = 3600;

	private static final long MAX_AHEAD_SECONDS = 300;

	private final long k0;

	private final long k1;

	private final boolean required;

	private final LongSupplier epochSeconds;

	/**
	 * Create the cookie maker.
	 * @param secret the {@value #SECRET_LENGTH}-byte secret
	 * @param required whether a client cookie without a valid server cookie gets BADCOOKIE
	 * @param epochSeconds the clock, in seconds since 1970
	 */
	public ServerCookies(byte[] secret, boolean required, LongSupplier epochSeconds) {
		if (secret.length != SECRET_LENGTH) {
			throw new IllegalArgumentException("A cookie secret is " + SECRET_LENGTH + " bytes");
		}
		this.k0 = SipHash24.littleEndian(secret, 0, 8);
		this.k1 = SipHash24.littleEndian(secret, 8, 8);
		this.required = required;
		this.epochSeconds = epochSeconds;
	}

	/**
	 * A new random secret.
	 * @return {@value #SECRET_LENGTH} random bytes
	 */
	public static byte[] randomSecret() {
		byte[] secret = new byte[SECRET_LENGTH];
		new SecureRandom().nextBytes(secret);
		return secret;
	}

	/**
	 * Whether clients that send a cookie must hold a valid server cookie (else BADCOOKIE).
	 * @return {@code true} when required
	 */
	public boolean required() {
		return this.required;
	}

	/**
	 * Write a fresh server cookie for a client.
	 * @param clientCookie holds the client cookie
	 * @param clientCookieOffset where it starts
	 * @param client the client's address
	 * @param out receives the {@value #SERVER_COOKIE_LENGTH} bytes
	 * @param position where they go
	 * @param scratch {@value #SCRATCH_LENGTH} bytes of room for the hash input
	 */
	public void write(byte[] clientCookie, int clientCookieOffset, InetAddress client, byte[] out, int position,
			byte[] scratch) {
		long timestamp = this.epochSeconds.getAsLong();
		out[position] = VERSION;
		out[position + 1] = 0;
		out[position + 2] = 0;
		out[position + 3] = 0;
		for (int i = 0; i < 4; i++) {
			out[position + 4 + i] = (byte) (timestamp >>> (24 - 8 * i));
		}
		long hash = hash(clientCookie, clientCookieOffset, out, position, client, scratch);
		for (int i = 0; i < 8; i++) {
			out[position + 8 + i] = (byte) (hash >>> (8 * i));
		}
	}

	/**
	 * Whether a cookie option holds a server cookie this host made for this client, recently.
	 * @param cookie holds the option's data: client cookie, then server cookie
	 * @param offset where it starts
	 * @param length its length
	 * @param client the client's address
	 * @param scratch {@value #SCRATCH_LENGTH} bytes of room for the hash input
	 * @return {@code true} for a valid server cookie
	 */
	public boolean valid(byte[] cookie, int offset, int length, InetAddress client, byte[] scratch) {
		int server = offset + CLIENT_COOKIE_LENGTH;
		if (length != CLIENT_COOKIE_LENGTH + SERVER_COOKIE_LENGTH || cookie[server] != VERSION) {
			return false;
		}
		long timestamp = 0;
		for (int i = 0; i < 4; i++) {
			timestamp = (timestamp << 8) | (cookie[server + 4 + i] & 0xFF);
		}
		// Serial arithmetic (RFC 1982) on 32-bit seconds, so 2106 is no cliff.
		int age = (int) (this.epochSeconds.getAsLong() - timestamp);
		if (age > MAX_AGE_SECONDS || age < -MAX_AHEAD_SECONDS) {
			return false;
		}
		long expected = hash(cookie, offset, cookie, server, client, scratch);
		return expected == SipHash24.littleEndian(cookie, server + 8, 8);
	}

	private long hash(byte[] clientCookie, int clientCookieOffset, byte[] versionAndTime, int versionOffset,
			InetAddress client, byte[] scratch) {
		System.arraycopy(clientCookie, clientCookieOffset, scratch, 0, CLIENT_COOKIE_LENGTH);
		System.arraycopy(versionAndTime, versionOffset, scratch, CLIENT_COOKIE_LENGTH, 8);
		int length = 16;
		if (client instanceof Inet4Address) {
			// An Inet4Address's hash code is its address, read without a copy.
			int address = client.hashCode();
			for (int i = 0; i < 4; i++) {
				scratch[length++] = (byte) (address >>> (24 - 8 * i));
			}
		}
		else {
			byte[] address = client.getAddress();
			System.arraycopy(address, 0, scratch, length, address.length);
			length += address.length;
		}
		return SipHash24.hash(this.k0, this.k1, scratch, 0, length);
	}

}
