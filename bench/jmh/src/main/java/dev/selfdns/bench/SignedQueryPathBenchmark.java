package dev.selfdns.bench;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import dev.selfdns.autoconfigure.SelfDnsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsDnssecAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsGateAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsMetricsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsProtectionAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsShapingAutoConfiguration;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.query.DnsTransport;
import dev.selfdns.query.QueryExchange;
import dev.selfdns.query.QueryHandler;
import dev.selfdns.query.ResponseAction;
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
import org.xbill.DNS.ExtendedFlags;
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
 * The query chain of a signed zone (DNSSEC on, a wildcard zone, the other defaults as
 * {@link QueryPathBenchmark}), queries with EDNS and the DO bit set or not, from 65,536
 * networks in turn. {@code answer}: {@code A} at the apex (the answer and its RRSIG),
 * {@code WILDCARD} (a tenant name: the expanded answer, its RRSIG and the covering NSEC, the span
 * found by comparing the name with the chain), {@code NXDOMAIN} below a name server (two NSEC
 * proofs). Signing happened at start-up: the query path only picks prepared bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignedQueryPathBenchmark {

	private static final int NETWORKS = 1 << 16;

	@Param({ "A", "WILDCARD", "NXDOMAIN" })
	public String answer;

	@Param({ "true", "false" })
	public boolean dnssecOk;

	private ConfigurableApplicationContext context;

	private QueryHandler handler;

	private byte[] wire;

	private InetAddress[] addresses;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		Path key = Files.createTempFile("selfdns-bench-", ".pem");
		Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
			.encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
		key.toFile().deleteOnExit();
		this.context = new SpringApplicationBuilder(BenchmarkConfiguration.class).web(WebApplicationType.NONE)
			.properties("selfdns.zone=www.example.com", "selfdns.addresses=192.0.2.1,2001:db8::1",
					"selfdns.name-servers=ns1.www.example.com 192.0.2.1,ns2.www.example.com 192.0.2.2",
					"selfdns.wildcard=true", "selfdns.listen.port=0", "selfdns.listen.address=127.0.0.1",
					"selfdns.shutdown.drain=0s", "selfdns.dnssec.enabled=true",
					"selfdns.dnssec.keys[0].private-key=file:" + key, "spring.main.banner-mode=off",
					"logging.level.root=warn")
			.run();
		this.context.getBean(ServingGate.class).applicationReady();
		this.handler = this.context.getBean(QueryHandler.class);
		this.addresses = new InetAddress[NETWORKS];
		for (int i = 0; i < NETWORKS; i++) {
			this.addresses[i] = InetAddress.getByAddress(new byte[] { 10, (byte) (i >>> 8), (byte) i, 7 });
		}
		String name = switch (this.answer) {
			case "WILDCARD" -> "tenant-42.www.example.com.";
			case "NXDOMAIN" -> "x.ns1.www.example.com.";
			default -> "www.example.com.";
		};
		Message message = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
		message.addRecord(new OPTRecord(1232, 0, 0, this.dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
		this.wire = message.toWire();
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

	}

	@Benchmark
	public int handle(ListenerThread thread) {
		ResponseAction action = this.handler.handle(this.wire, this.wire.length, thread.exchange, thread.out,
				DnsTransport.UDP, this.addresses[thread.next++ & (NETWORKS - 1)]);
		return action.ordinal() + thread.exchange.responseLength();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SelfDnsAutoConfiguration.class, SelfDnsGateAutoConfiguration.class,
			SelfDnsProtectionAutoConfiguration.class, SelfDnsShapingAutoConfiguration.class,
			SelfDnsMetricsAutoConfiguration.class, SelfDnsDnssecAutoConfiguration.class })
	static class BenchmarkConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
