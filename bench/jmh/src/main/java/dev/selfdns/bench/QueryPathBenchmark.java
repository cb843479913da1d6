package dev.selfdns.bench;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.WhenClosed;
import dev.selfdns.shaping.LoadShaper;
import dev.selfdns.shaping.ResolverNetworks;
import dev.selfdns.shaping.ShapingMode;
import dev.selfdns.shaping.ShedAction;
import dev.selfdns.wire.ParsedQuery;
import dev.selfdns.wire.PreparedAnswers;
import dev.selfdns.wire.QueryResponder;
import dev.selfdns.wire.ResponseWriter;
import dev.selfdns.zone.NameServer;
import dev.selfdns.zone.ServiceZone;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The query path, bytes in and bytes out, as a UDP listener thread runs it: parse, gate,
 * classify, shape (idle), splice the prepared answer. Run with {@code -prof gc} to see the
 * allocation per query.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueryPathBenchmark {

	@Param({ "A", "AAAA", "NXDOMAIN", "REFUSED" })
	public String answer;

	@Param({ "false", "true" })
	public boolean edns;

	private QueryResponder responder;

	private byte[] query;

	private final ParsedQuery parsed = new ParsedQuery();

	private final byte[] out = new byte[ResponseWriter.MAX_MESSAGE];

	private InetAddress client;

	@Setup
	public void setUp() throws Exception {
		Name origin = Name.fromString("www.example.com.");
		SOARecord soa = new SOARecord(origin, DClass.IN, 10, Name.fromString("ns1-www.example.com."),
				Name.fromString("hostmaster.www.example.com."), 1, 3600, 600, 86400, 10);
		ServiceZone zone = new ServiceZone(origin,
				List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1")),
				List.of(new NameServer(Name.fromString("ns1-www.example.com."), List.of()),
						new NameServer(Name.fromString("ns2-www.example.com."), List.of())),
				10, soa, false);
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, false);
		gate.applicationReady();
		// Shaping is on, as by default, with an idle host: the common case.
		LoadShaper shaper = new LoadShaper(ShapingMode.SHARE, ShedAction.DELAY, Duration.ofMillis(400), 0,
				new ResolverNetworks(24, 56, 1), Math::random);
		this.responder = new QueryResponder(new PreparedAnswers(zone), new ResponseWriter(1232), gate, shaper);
		String name = switch (this.answer) {
			case "NXDOMAIN" -> "nothing.www.example.com.";
			case "REFUSED" -> "www.example.org.";
			default -> "www.example.com.";
		};
		int type = "AAAA".equals(this.answer) ? Type.AAAA : Type.A;
		Message message = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
		if (this.edns) {
			message.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
		}
		this.query = message.toWire();
		this.client = InetAddress.getByName("198.51.100.7");
		if (this.responder.respond(this.query, this.query.length, this.parsed, this.out, true, this.client) <= 0) {
			throw new IllegalStateException("No answer to " + name);
		}
	}

	@Benchmark
	public int respond() {
		return this.responder.respond(this.query, this.query.length, this.parsed, this.out, true, this.client);
	}

}
