package dev.selfdns;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACME DNS-01 flow of docs/getting-started.md with real servers: selfdns serves
 * {@code _acme-challenge.www.example.com} as a CNAME (its wildcard on, as for a wildcard
 * certificate), BIND holds the target zone, {@code nsupdate} writes the token there as an
 * ACME client's hook does, and Unbound, standing in for the CA's resolver, follows the CNAME
 * to the token.
 */
class AcmeChallengeIntegrationTests {

	private static final String KEY_NAME = "acme-client.ns-www.example.com";

	@TempDir
	Path directory;

	@Test
	void theCasResolverFollowsTheCnameToTheTokenTheClientWrote() throws Exception {
		String secret = ParentPrimary.newSecret();
		try (ParentPrimary target = ParentPrimary.bind().key(KEY_NAME, secret).start()) {
			TestServers.runner()
				.withPropertyValues("selfdns.wildcard=true",
						"selfdns.records[0]=_acme-challenge CNAME _acme-challenge.acme.example.net.")
				.run((context) -> {
					context.getBean(ServingGate.class).applicationReady();
					int selfdns = context.getBean(DnsServer.class).getPort();
					int port = TestServers.freePort();
					Process unbound = unbound(port, selfdns, target.port());
					try {
						SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
						resolver.setTimeout(Duration.ofSeconds(5));
						Deadline.poll(Duration.ofSeconds(20), () -> ask(resolver, "www.example.com."),
								(m) -> m != null && m.getRcode() == Rcode.NOERROR);
						// Asked of selfdns itself: through the resolver, the target's NXDOMAIN would be cached
						// for example.net's negative TTL (300 s), as a CA's resolver caches it (docs).
						Message before = TestServers.client(context)
							.udp(DnsTestClient.query("_acme-challenge.www.example.com.", Type.TXT));
						assertThat(before.getSection(Section.ANSWER)).as("no token yet: the CNAME alone")
							.singleElement()
							.isInstanceOf(CNAMERecord.class);
						String token = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
						Path key = this.directory.resolve("acme.key");
						Files.writeString(key, "key \"" + KEY_NAME + "\" { algorithm hmac-sha256; secret \"" + secret
								+ "\"; };\n", StandardCharsets.UTF_8);
						String output = CommandLineTool.nsupdate()
							.runWithInput("server 127.0.0.1 " + target.port() + "\nzone example.net\n"
									+ "update add _acme-challenge.acme.example.net. 60 IN TXT \"" + token + "\"\nsend\n",
									"-k", key.toString());
						assertThat(output).as("nsupdate").doesNotContain("failed").doesNotContain("REFUSED");
						Message after = Deadline.poll(Duration.ofSeconds(10),
								() -> ask(resolver, "_acme-challenge.www.example.com."),
								(m) -> m != null && m.getSection(Section.ANSWER).size() == 2);
						List<Record> answer = after.getSection(Section.ANSWER);
						assertThat(answer.get(0)).isInstanceOf(CNAMERecord.class);
						assertThat(((CNAMERecord) answer.get(0)).getTarget())
							.isEqualTo(Name.fromString("_acme-challenge.acme.example.net."));
						assertThat(((TXTRecord) answer.get(1)).getStrings()).containsExactly(token);
					}
					finally {
						unbound.destroy();
						unbound.waitFor(10, TimeUnit.SECONDS);
					}
				});
		}
	}

	private static Message ask(SimpleResolver resolver, String name) {
		try {
			return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT, DClass.IN)));
		}
		catch (Exception ex) {
			return null;
		}
	}

	private Process unbound(int port, int selfdns, int target) throws Exception {
		return Unbound.start(this.directory, port, "  module-config: \"iterator\"\n", "www.example.com",
				"127.0.0.1@" + selfdns, "example.net", "127.0.0.1@" + target);
	}

}
