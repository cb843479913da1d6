package dev.selfdns.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.gate.WhenClosed;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties for selfdns.
 */
@ConfigurationProperties("selfdns")
public class SelfDnsProperties {

	/**
	 * Whether to run the selfdns name server.
	 */
	private boolean enabled = true;

	/**
	 * Service subdomain this host is a name server for, delegated to every host in the parent
	 * zone, for example 'www.example.com'.
	 */
	private @Nullable String zone;

	/**
	 * This host's IPv4 and IPv6 addresses, the only addresses it answers with. IP literals only.
	 */
	private List<String> addresses = new ArrayList<>();

	/**
	 * NS set of the zone: the name server name of every host, this one included, as in the
	 * parent zone's delegation. A name inside the zone is followed by its addresses, for
	 * example 'ns1.www.example.com 192.0.2.1'.
	 */
	private List<String> nameServers = new ArrayList<>();

	/**
	 * Whether every name below the zone is answered like the zone itself (tenant subdomains).
	 */
	private boolean wildcard;

	/**
	 * Time to live of the address records: how long clients may stay on a host that went away.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration ttl = Duration.ofSeconds(10);

	private final Soa soa = new Soa();

	private final Listen listen = new Listen();

	private final Edns edns = new Edns();

	private final Gate gate = new Gate();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getZone() {
		return this.zone;
	}

	public void setZone(@Nullable String zone) {
		this.zone = zone;
	}

	public List<String> getAddresses() {
		return this.addresses;
	}

	public void setAddresses(List<String> addresses) {
		this.addresses = addresses;
	}

	public List<String> getNameServers() {
		return this.nameServers;
	}

	public void setNameServers(List<String> nameServers) {
		this.nameServers = nameServers;
	}

	public boolean isWildcard() {
		return this.wildcard;
	}

	public void setWildcard(boolean wildcard) {
		this.wildcard = wildcard;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Soa getSoa() {
		return this.soa;
	}

	public Listen getListen() {
		return this.listen;
	}

	public Edns getEdns() {
		return this.edns;
	}

	public Gate getGate() {
		return this.gate;
	}

	/**
	 * SOA record fields.
	 */
	public static class Soa {

		/**
		 * Mailbox of the person responsible for the zone, as 'hostmaster@example.com' or in DNS
		 * form 'hostmaster.example.com'. Defaults to 'hostmaster' at the zone.
		 */
		private @Nullable String hostmaster;

		/**
		 * How long resolvers cache "no such name" and "no such record" answers (the SOA minimum).
		 * Defaults to the TTL, so a host that gains an address family is seen as soon as its
		 * address records would be.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration negativeTtl;

		/**
		 * SOA serial. Defaults to a number derived from the zone's shared settings (zone, NS set,
		 * TTLs), so every host with the same settings reports the same serial.
		 */
		private @Nullable Long serial;

		public @Nullable String getHostmaster() {
			return this.hostmaster;
		}

		public void setHostmaster(@Nullable String hostmaster) {
			this.hostmaster = hostmaster;
		}

		public @Nullable Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(@Nullable Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		public @Nullable Long getSerial() {
			return this.serial;
		}

		public void setSerial(@Nullable Long serial) {
			this.serial = serial;
		}

	}

	/**
	 * Where the name server listens.
	 */
	public static class Listen {

		/**
		 * Address to listen on. Defaults to every address; set it on hosts with several
		 * addresses so that answers leave from the address the query came to.
		 */
		private @Nullable String address;

		/**
		 * Port to listen on, UDP and TCP alike. 0 picks a free port (for tests).
		 */
		private int port = 53;

		/**
		 * Whether to answer over UDP.
		 */
		private boolean udp = true;

		/**
		 * Whether to answer over TCP.
		 */
		private boolean tcp = true;

		/**
		 * How long an idle TCP connection is kept open.
		 */
		private Duration tcpIdleTimeout = Duration.ofSeconds(10);

		/**
		 * Maximum number of TCP connections open at once; further connections are closed at once.
		 */
		private int tcpMaxConnections = 256;

		public @Nullable String getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable String address) {
			this.address = address;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public boolean isUdp() {
			return this.udp;
		}

		public void setUdp(boolean udp) {
			this.udp = udp;
		}

		public boolean isTcp() {
			return this.tcp;
		}

		public void setTcp(boolean tcp) {
			this.tcp = tcp;
		}

		public Duration getTcpIdleTimeout() {
			return this.tcpIdleTimeout;
		}

		public void setTcpIdleTimeout(Duration tcpIdleTimeout) {
			this.tcpIdleTimeout = tcpIdleTimeout;
		}

		public int getTcpMaxConnections() {
			return this.tcpMaxConnections;
		}

		public void setTcpMaxConnections(int tcpMaxConnections) {
			this.tcpMaxConnections = tcpMaxConnections;
		}

	}

	/**
	 * EDNS(0) settings.
	 */
	public static class Edns {

		/**
		 * Largest UDP response, advertised in the OPT record. 1232 avoids IP fragmentation
		 * (DNS Flag Day 2020); larger answers are truncated and retried over TCP.
		 */
		private int udpPayloadSize = 1232;

		public int getUdpPayloadSize() {
			return this.udpPayloadSize;
		}

		public void setUdpPayloadSize(int udpPayloadSize) {
			this.udpPayloadSize = udpPayloadSize;
		}

	}

	/**
	 * When the name server answers.
	 */
	public static class Gate {

		/**
		 * Actuator health group that must be UP for the name server to answer. Empty means
		 * overall health.
		 */
		private String healthGroup = "";

		/**
		 * How often health is read.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * What queries get while the name server must not answer. 'refused' moves resolvers to
		 * another host at once and lets them back at once; 'drop' makes most resolvers avoid the
		 * host for minutes after it returns.
		 */
		private WhenClosed whenClosed = WhenClosed.REFUSED;

		public String getHealthGroup() {
			return this.healthGroup;
		}

		public void setHealthGroup(String healthGroup) {
			this.healthGroup = healthGroup;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public WhenClosed getWhenClosed() {
			return this.whenClosed;
		}

		public void setWhenClosed(WhenClosed whenClosed) {
			this.whenClosed = whenClosed;
		}

	}

}
