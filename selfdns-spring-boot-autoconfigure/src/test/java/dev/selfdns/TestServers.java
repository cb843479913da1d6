package dev.selfdns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.selfdns.autoconfigure.SelfDnsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsEndpointAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsGateAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsHealthContributorAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsMetricsAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsProtectionAutoConfiguration;
import dev.selfdns.autoconfigure.SelfDnsShapingAutoConfiguration;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.server.DnsServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * Runs the selfdns auto-configuration on a free loopback port, with the application marked
 * ready, and hands a client for it to the test.
 */
public final class TestServers {

	/** The zone most tests serve: two in-zone name servers (one under an empty non-terminal), one outside. */
	public static final String[] ZONE = { "selfdns.zone=www.example.com",
			"selfdns.addresses=192.0.2.1,2001:db8::1",
			"selfdns.name-servers=ns1.www.example.com 192.0.2.1 2001:db8::1,"
					+ "ns2.dns.www.example.com 192.0.2.2,ns3.example.net",
			"selfdns.listen.address=127.0.0.1", "selfdns.listen.port=0", "selfdns.shutdown.drain=0s" };

	/** Static records a real domain needs once it is delegated: verification, CAA, mail, ACME DNS-01. */
	public static final String[] RECORDS = { "selfdns.records[0]=@ TXT \"v=verify123\"",
			"selfdns.records[1]=@ CAA 0 issue \"letsencrypt.org\"", "selfdns.records[2]=@ MX 10 mail.example.net.",
			"selfdns.records[3]=_acme-challenge CNAME _acme-challenge.acme.example.net.",
			"selfdns.records[4]=_dmarc 3600 TXT \"v=DMARC1; p=none\"",
			"selfdns.records[5]=_sip._tcp SRV 10 5 5060 sip.example.net.",
			"selfdns.records[6]=@ TXT \"google-site-verification=abc\"" };

	/** CNAMEs whose targets are in the zone: the apex, a chain, a name server, a loop, a missing name. */
	public static final String[] IN_ZONE_CNAMES = { "selfdns.records[0]=shop CNAME @",
			"selfdns.records[1]=alias CNAME shop", "selfdns.records[2]=mx1 CNAME ns1",
			"selfdns.records[3]=loop1 CNAME loop2", "selfdns.records[4]=loop2 CNAME loop1",
			"selfdns.records[5]=gone CNAME nothing-here", "selfdns.records[6]=text CNAME info",
			"selfdns.records[7]=info TXT \"followed\"" };

	/**
	 * Thirteen in-zone name servers with IPv4 and IPv6 glue: an NS answer of about 900 bytes,
	 * more than 512 (truncated without EDNS) and less than 1232.
	 */
	public static final String MANY_NAME_SERVERS;

	static {
		StringBuilder value = new StringBuilder("selfdns.name-servers=");
		for (int i = 1; i <= 13; i++) {
			value.append((i > 1) ? "," : "")
				.append("ns").append(i).append(".www.example.com 192.0.2.").append(i)
				.append(" 2001:db8::").append(i);
		}
		MANY_NAME_SERVERS = value.toString();
	}

	/** Every selfdns auto-configuration, as the starter brings them. */
	public static final AutoConfigurations SELFDNS = AutoConfigurations.of(SelfDnsAutoConfiguration.class,
			SelfDnsGateAutoConfiguration.class, SelfDnsProtectionAutoConfiguration.class,
			SelfDnsShapingAutoConfiguration.class, SelfDnsMetricsAutoConfiguration.class,
			SelfDnsEndpointAutoConfiguration.class, SelfDnsHealthContributorAutoConfiguration.class);

	private TestServers() {
	}

	/**
	 * A UDP port free on 127.0.0.1 now, for a fleet whose hosts share one port on their own
	 * loopback addresses.
	 * @return the port
	 */
	public static int freePort() throws IOException {
		// Free for TCP and UDP alike: a port free for UDP may be some TCP connection's.
		for (int attempt = 0;; attempt++) {
			try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
					DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", tcp.getLocalPort()))) {
				return tcp.getLocalPort();
			}
			catch (IOException ex) {
				if (attempt == 20) {
					throw ex;
				}
			}
		}
	}

	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(SELFDNS)
			.withPropertyValues(ZONE);
	}

	/**
	 * Run a server with the given extra properties, ready to answer.
	 */
	public static void run(ClientConsumer test, String... properties) {
		runner().withPropertyValues(properties).run((context) -> {
			context.getBean(ServingGate.class).applicationReady();
			test.accept(client(context));
		});
	}

	public static DnsTestClient client(ApplicationContext context) {
		DnsServer server = context.getBean(DnsServer.class);
		return new DnsTestClient(new InetSocketAddress("127.0.0.1", server.getPort()));
	}

	@FunctionalInterface
	public interface ClientConsumer {

		void accept(DnsTestClient client) throws Exception;

	}

}
