package dev.selfdns.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import dev.selfdns.server.DnsServer;
import dev.selfdns.wire.AnswerTable;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import org.springframework.context.ApplicationContext;

/**
 * Asks the app's own name server, over UDP or TCP, as a resolver would:
 *
 * <pre class="code">
 * &#64;SpringBootTest(properties = "selfdns.listen.port=0")
 * class MyTests {
 *
 *     &#64;Autowired
 *     ApplicationContext context;
 *
 *     &#64;Test
 *     void answersWithThisHost() throws Exception {
 *         SelfDnsTestClient dns = SelfDnsTestClient.of(this.context).awaitAnswering();
 *         assertThat(dns.udp("www.example.com", Type.A)).isAuthoritative().answersWith("192.0.2.10");
 *     }
 *
 * }
 * </pre>
 */
public final class SelfDnsTestClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Duration AWAIT = Duration.ofSeconds(10);

	private static final long POLL_MILLIS = 50;

	private final InetSocketAddress server;

	private final @Nullable Name zone;

	private SelfDnsTestClient(InetSocketAddress server, @Nullable Name zone) {
		this.server = server;
		this.zone = zone;
	}

	/**
	 * A client for the name server of a running application context.
	 * @param context the context, started (use {@code selfdns.listen.port=0} in tests)
	 * @return the client
	 */
	public static SelfDnsTestClient of(ApplicationContext context) {
		DnsServer server = context.getBean(DnsServer.class);
		InetSocketAddress bound = (server.getUdpAddress() != null) ? server.getUdpAddress() : server.getTcpAddress();
		if (bound == null) {
			throw new IllegalStateException("The selfdns name server is not listening: is the context started?");
		}
		InetAddress address = bound.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress()
				: bound.getAddress();
		return new SelfDnsTestClient(new InetSocketAddress(address, bound.getPort()),
				context.getBean(AnswerTable.class).zone().origin());
	}

	/**
	 * A client for a name server at an address.
	 * @param server its address and port
	 * @return the client
	 */
	public static SelfDnsTestClient at(InetSocketAddress server) {
		return new SelfDnsTestClient(server, null);
	}

	/**
	 * Ask over UDP.
	 * @param name the name, e.g. {@code www.example.com}
	 * @param type the type, a dnsjava {@link Type} value
	 * @return the response
	 * @throws IOException if none came within two seconds
	 */
	public Message udp(String name, int type) throws IOException {
		return query(name, type, false);
	}

	/**
	 * Ask over TCP.
	 * @param name the name, e.g. {@code www.example.com}
	 * @param type the type, a dnsjava {@link Type} value
	 * @return the response
	 * @throws IOException if none came within two seconds
	 */
	public Message tcp(String name, int type) throws IOException {
		return query(name, type, true);
	}

	/**
	 * Wait until the name server answers for its zone: the application is ready and the gate
	 * open. Polls every 50 ms for at most ten seconds.
	 * @return this client
	 * @throws AssertionError naming the last response code if it never answers
	 */
	public SelfDnsTestClient awaitAnswering() {
		if (this.zone == null) {
			throw new IllegalStateException("A client made with at(...) does not know the zone; use of(context)");
		}
		long deadline = System.nanoTime() + AWAIT.toNanos();
		String last = "no response";
		while (System.nanoTime() < deadline) {
			try {
				Message response = udp(this.zone.toString(), Type.SOA);
				if (response.getRcode() == Rcode.NOERROR) {
					return this;
				}
				last = Rcode.string(response.getRcode());
			}
			catch (IOException ex) {
				last = ex.getMessage();
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("selfdns at " + this.server + " did not answer for " + this.zone + " within "
				+ AWAIT.toSeconds() + " s (last: " + last + "); is health UP and the application ready?");
	}

	/**
	 * The address this client asks.
	 * @return the address and port
	 */
	public InetSocketAddress server() {
		return this.server;
	}

	private Message query(String name, int type, boolean tcp) throws IOException {
		SimpleResolver resolver = new SimpleResolver(this.server);
		resolver.setTCP(tcp);
		resolver.setTimeout(TIMEOUT);
		return resolver.send(Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN)));
	}

	private static Name absolute(String name) throws TextParseException {
		return Name.fromString(name, Name.root);
	}

}
