package dev.selfdns.bench;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.selfdns.autoconfigure.SelfDnsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsMetricsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsShapingAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsProtectionAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsGateAutoConfiguration;
import dev.selfdns.query.DnsTransport;
import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.query.QueryExchange;
import dev.selfdns.query.QueryHandler;
import dev.selfdns.query.QueryOutcome;
import dev.selfdns.query.ResponseAction;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.wire.ResponseWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query chain, bytes in and bytes out, as a UDP listener thread runs it, with the product's
 * defaults: the chain is the one the auto-configuration builds from a real Spring context, so
 * rate limiting, cookies and (idle) load shaping are on. Run with {@code -prof gc} to see the
 * allocation per query, and with {@code -t 4} for four threads sharing one chain.
 * <p>
 * {@code query}: {@code plain} has no EDNS, {@code edns} an OPT record, {@code cookie} an OPT
 * record with a valid server cookie (the client has shown its address, so rate limiting lets it
 * be). {@code clients}: {@code one} sends every query from one address (a flood: from the second
 * thousand in a second, rate limiting drops or slips them), {@code many} from 65,536 networks in
 * turn (each a new account in the limiter's table: its slowest path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueryPathBenchmark {

	private static final int NETWORKS = 1 << 16;

	/**
	 * {@code CLOSED} asks a drained host: the steering REFUSED, with its Extended DNS Error
	 * (Not Ready, "drained") for EDNS queries.
	 */
	@Param({ "A", "NXDOMAIN", "REFUSED", "CLOSED" })
	public String answer;

	@Param({ "plain", "edns", "cookie" })
	public String query;

	@Param({ "one", "many" })
	public String clients;

	/**
	 * How many zones the host serves ({@code selfdns.zones}): with 3, the queried zone is the
	 * last one the chain looks in, so every answer costs the lookups in the other two.
	 */
	@Param({ "1" })
	public String zones;

	private ConfigurableApplicationContext context;

	private QueryHandler handler;

	private byte[] wire;

	private InetAddress[] addresses;

	private final AtomicInteger threads = new AtomicInteger();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		String[] zone = "1".equals(this.zones)
				? new String[] { "selfdns.zone=www.example.com",
						"selfdns.name-servers=ns1-www.example.com,ns2-www.example.com" }
				: new String[] { "selfdns.zones[0].zone=api.example.org",
						"selfdns.zones[0].name-servers=ns1-api.example.org", "selfdns.zones[1].zone=cdn.example.net",
						"selfdns.zones[1].name-servers=ns1-cdn.example.net", "selfdns.zones[2].zone=www.example.com",
						"selfdns.zones[2].name-servers=ns1-www.example.com,ns2-www.example.com" };
		this.context = new SpringApplicationBuilder(BenchmarkConfiguration.class).web(WebApplicationType.NONE)
			.properties(zone)
			.properties("selfdns.addresses=192.0.2.1,2001:db8::1", "selfdns.listen.port=0",
					"selfdns.listen.address=127.0.0.1", "selfdns.shutdown.drain=0s", "spring.main.banner-mode=off",
					"logging.level.root=warn")
			.run();
		this.handler = this.context.getBean(QueryHandler.class);
		if ("CLOSED".equals(this.answer)) {
			this.context.getBean(dev.selfdns.gate.ServingGate.class).drain(null);
		}
		// The defaults, as the auto-configuration made them; the benchmark measures nothing less.
		this.context.getBean(ResponseRateLimiter.class);
		this.context.getBean(ServerCookies.class);
		this.context.getBean(LoadShaper.class);
		this.addresses = new InetAddress[NETWORKS];
		for (int i = 0; i < NETWORKS; i++) {
			this.addresses[i] = InetAddress.getByAddress(new byte[] { 10, (byte) (i >>> 8), (byte) i, 7 });
		}
		String name = switch (this.answer) {
			case "NXDOMAIN" -> "nothing.www.example.com.";
			case "REFUSED" -> "www.example.org.";
			default -> "www.example.com.";
		};
		Message message = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
		if (!"plain".equals(this.query)) {
			message.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
		}
		this.wire = message.toWire();
		if ("cookie".equals(this.query)) {
			this.wire = withServerCookie(message);
		}
	}

	/** Ask once with a client cookie alone and send the server cookie that comes back. */
	private byte[] withServerCookie(Message message) throws Exception {
		byte[] clientCookie = { 1, 2, 3, 4, 5, 6, 7, 8 };
		Message first = message.clone();
		first.removeAllRecords(Section.ADDITIONAL);
		first.addRecord(new OPTRecord(1232, 0, 0, 0, new org.xbill.DNS.CookieOption(clientCookie)),
				Section.ADDITIONAL);
		byte[] query = first.toWire();
		QueryExchange exchange = new QueryExchange();
		byte[] out = new byte[ResponseWriter.MAX_MESSAGE];
		this.handler.handle(query, query.length, exchange, out, DnsTransport.UDP, this.addresses[0]);
		Message response = new Message(java.util.Arrays.copyOf(out, exchange.responseLength()));
		org.xbill.DNS.CookieOption cookie = (org.xbill.DNS.CookieOption) response.getOPT()
			.getOptions(EDNSOption.Code.COOKIE)
			.get(0);
		Message second = message.clone();
		second.removeAllRecords(Section.ADDITIONAL);
		second.addRecord(new OPTRecord(1232, 0, 0, 0, cookie), Section.ADDITIONAL);
		return second.toWire();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	/** One per benchmark thread: the exchange and buffers a listener thread owns. */
	@State(Scope.Thread)
	public static class ListenerThread {

		final QueryExchange exchange = new QueryExchange();

		final byte[] out = new byte[ResponseWriter.MAX_MESSAGE];

		int next;

		int stride;

		@Setup(Level.Trial)
		public void setUp(QueryPathBenchmark benchmark) {
			// Threads walk the networks from different points, as listeners see different clients.
			int index = benchmark.threads.getAndIncrement();
			this.next = index * (NETWORKS / 4);
			this.stride = "many".equals(benchmark.clients) ? 1 : 0;
		}

	}

	@Benchmark
	public int handle(ListenerThread thread) {
		InetAddress client = ("cookie".equals(this.query) || thread.stride == 0) ? this.addresses[0]
				: this.addresses[thread.next++ & (NETWORKS - 1)];
		ResponseAction action = this.handler.handle(this.wire, this.wire.length, thread.exchange, thread.out,
				DnsTransport.UDP, client);
		return action.ordinal() + thread.exchange.responseLength();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
			SelfDnsProtectionAutoConfiguration.class, SelfDnsShapingAutoConfiguration.class,
			SelfDnsMetricsAutoConfiguration.class })
	static class BenchmarkConfiguration {

		/** Shaping needs a registry, as every app with actuator has. */
		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	/** Print what becomes of each combination's queries, to read the figures by. */
	public static void main(String[] args) throws Exception {
		for (String clients : new String[] { "one", "many" }) {
			for (String query : new String[] { "plain", "edns", "cookie" }) {
				QueryPathBenchmark benchmark = new QueryPathBenchmark();
				benchmark.answer = "A";
				benchmark.query = query;
				benchmark.clients = clients;
				benchmark.setUp();
				ListenerThread thread = new ListenerThread();
				thread.setUp(benchmark);
				int[] outcomes = new int[QueryOutcome.values().length];
				long end = System.nanoTime() + 1_000_000_000L;
				int count = 0;
				while (System.nanoTime() < end) {
					benchmark.handle(thread);
					outcomes[thread.exchange.outcome().ordinal()]++;
					count++;
				}
				StringBuilder line = new StringBuilder(clients + " " + query + ": " + count + " queries");
				for (QueryOutcome outcome : QueryOutcome.values()) {
					if (outcomes[outcome.ordinal()] > 0) {
						line.append(", ").append(outcome.name().toLowerCase()).append(' ')
							.append(outcomes[outcome.ordinal()]);
					}
				}
				System.out.println(line);
				benchmark.tearDown();
			}
		}
	}

}
