package dev.selfdns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real primary for the parent zone {@code example.com} (and {@code example.net}), BIND's
 * {@code named} or Knot's {@code knotd}, on 127.0.0.1 at a free high port, in a directory of
 * its own, with TSIG keys and the update policies docs/fleet.md gives. Where the server is not
 * installed the test is skipped, except in CI, where that is a failure.
 */
public final class ParentPrimary implements AutoCloseable {

	/** Which server. */
	public enum Kind {

		BIND("named", "bind9"), KNOT("knotd", "knot");

		private final String binary;

		private final String debianPackage;

		Kind(String binary, String debianPackage) {
			this.binary = binary;
			this.debianPackage = debianPackage;
		}

	}

	private static final SecureRandom random = new SecureRandom();

	private final Kind kind;

	private final Map<String, String> keys = new LinkedHashMap<>();

	private String bindPolicy = "grant *.ns-www.example.com. self *.ns-www.example.com. A AAAA;\n"
			+ "\t\tgrant *.ns-www.example.com. name www.example.com. NS;";

	private String extraRecords = "";

	private Path directory;

	private Process process;

	private int port;

	private ParentPrimary(Kind kind) {
		this.kind = kind;
	}

	public static ParentPrimary bind() {
		return new ParentPrimary(Kind.BIND);
	}

	public static ParentPrimary knot() {
		return new ParentPrimary(Kind.KNOT);
	}

	/** A fresh base64 secret of 32 bytes, as tsig-keygen makes. */
	public static String newSecret() {
		byte[] secret = new byte[32];
		random.nextBytes(secret);
		return Base64.getEncoder().encodeToString(secret);
	}

	/**
	 * A key of its own for each of the hosts h1 to hN, named after its name server
	 * ({@code h<i>.ns-www.example.com}), as docs/fleet.md sets them up.
	 * @param hosts how many
	 * @return the secrets, host i's at index i (index 0 unused)
	 */
	public String[] hostKeys(int hosts) {
		String[] secrets = new String[hosts + 1];
		for (int i = 1; i <= hosts; i++) {
			secrets[i] = newSecret();
			key("h" + i + ".ns-www.example.com", secrets[i]);
		}
		return secrets;
	}

	/**
	 * Give the server a key (hmac-sha256); Knot also gets an ACL rule for it: NS at its service
	 * zone (hN.ns-api.example.com's is api.example.com) and A/AAAA at its own name.
	 */
	public ParentPrimary key(String name, String secret) {
		this.keys.put(name, secret);
		return this;
	}

	/** Records added to example.com's zone file, e.g. the DS of www.example.com. */
	public ParentPrimary records(String lines) {
		this.extraRecords += lines + "\n";
		return this;
	}

	/** Replace BIND's update-policy of example.com (the statements inside the braces). */
	public ParentPrimary bindPolicy(String statements) {
		this.bindPolicy = statements;
		return this;
	}

	public ParentPrimary start() throws Exception {
		String binary = CommandLineTool.locate(this.kind.binary, this.kind.debianPackage);
		this.directory = Files.createTempDirectory("selfdns-parent-");
		zoneFile("example.com");
		Files.writeString(this.directory.resolve("example.com.zone"), this.extraRecords,
				java.nio.file.StandardOpenOption.APPEND);
		zoneFile("example.net");
		for (int attempt = 1;; attempt++) {
			this.port = freePort();
			List<String> command = (this.kind == Kind.BIND) ? bindCommand(binary) : knotCommand(binary);
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("server.log").toFile())
				.start();
			if (answers(Duration.ofSeconds(10))) {
				return this;
			}
			this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			if (attempt == 3) {
				throw new AssertionError(this.kind.binary + " did not start: " + log());
			}
		}
	}

	public int port() {
		return this.port;
	}

	public InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port);
	}

	/** {@code 127.0.0.1:port}, as selfdns.registration.server takes it. */
	public String server() {
		return "127.0.0.1:" + this.port;
	}

	public String log() {
		try {
			return Files.readString(this.directory.resolve("server.log")) + (Files.exists(this.directory.resolve("knot.log"))
					? Files.readString(this.directory.resolve("knot.log")) : "");
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** The parent zone's serial, read with dnsjava's own resolver. */
	public long serial(String zone) throws Exception {
		for (Record record : query(zone, Type.SOA).getSection(Section.ANSWER)) {
			if (record instanceof SOARecord soa) {
				return soa.getSerial();
			}
		}
		throw new AssertionError("No SOA for " + zone);
	}

	/** The NS set the parent delegates www.example.com to. */
	public List<String> nameServers() throws Exception {
		return nameServers("www.example.com");
	}

	/** The NS set the parent delegates a zone to, sorted. */
	public List<String> nameServers(String zone) throws Exception {
		List<String> names = new ArrayList<>();
		for (Record record : query(zone, Type.NS).getSection(Section.AUTHORITY)) {
			if (record instanceof NSRecord ns) {
				names.add(ns.getTarget().toString());
			}
		}
		names.sort(null);
		return names;
	}

	/** The A records the parent holds at a name. */
	public List<String> addresses(String name) throws Exception {
		List<String> addresses = new ArrayList<>();
		Message response = query(name, Type.A);
		for (int section : new int[] { Section.ANSWER, Section.ADDITIONAL }) {
			for (Record record : response.getSection(section)) {
				if (record instanceof ARecord a && a.getName().equals(Name.fromString(name, Name.root))) {
					addresses.add(a.getAddress().getHostAddress());
				}
			}
		}
		return addresses;
	}

	private Message query(String name, int type) throws Exception {
		SimpleResolver resolver = new SimpleResolver(address());
		resolver.setTCP(true);
		resolver.setTimeout(Duration.ofSeconds(3));
		Message query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
		query.getHeader().unsetFlag(Flags.RD);
		return resolver.send(query);
	}

	private boolean answers(Duration within) throws Exception {
		long end = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < end && this.process.isAlive()) {
			try {
				if (query("example.com", Type.SOA).getRcode() == Rcode.NOERROR) {
					return true;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(50);
		}
		return false;
	}

	private void zoneFile(String zone) throws IOException {
		Files.writeString(this.directory.resolve(zone + ".zone"), "$TTL 300\n@ SOA ns." + zone + ". hostmaster." + zone
				+ ". 1 3600 600 86400 300\n@ NS ns." + zone + ".\nns A 127.0.0.1\n", StandardCharsets.UTF_8);
	}

	private List<String> bindCommand(String binary) throws IOException {
		Path dir = this.directory;
		StringBuilder conf = new StringBuilder();
		this.keys.forEach((name, secret) -> conf.append("key \"").append(name)
			.append("\" { algorithm hmac-sha256; secret \"").append(secret).append("\"; };\n"));
		conf.append("options {\n\tdirectory \"").append(dir).append("\";\n\tpid-file \"").append(dir)
			.append("/named.pid\";\n\tsession-keyfile \"").append(dir).append("/session.key\";\n\tlisten-on port ")
			.append(this.port).append(" { 127.0.0.1; };\n\tlisten-on-v6 { none; };\n\trecursion no;\n")
			.append("\tdnssec-validation no;\n};\ncontrols { };\n")
			.append("zone \"example.com\" {\n\ttype primary;\n\tfile \"").append(dir)
			.append("/example.com.zone\";\n\tupdate-policy {\n\t\t").append(this.bindPolicy).append("\n\t};\n};\n")
			.append("zone \"example.net\" {\n\ttype primary;\n\tfile \"").append(dir)
			.append("/example.net.zone\";\n\tupdate-policy { grant *.ns-www.example.com. subdomain example.net. ANY; };\n};\n");
		Path file = dir.resolve("named.conf");
		Files.writeString(file, conf.toString(), StandardCharsets.UTF_8);
		return List.of(binary, "-g", "-c", file.toString());
	}

	private List<String> knotCommand(String binary) throws IOException {
		Path dir = this.directory;
		Files.createDirectories(dir.resolve("db"));
		StringBuilder conf = new StringBuilder();
		conf.append("server:\n  rundir: ").append(dir).append("\n  listen: 127.0.0.1@").append(this.port)
			.append("\n  user: ").append(System.getProperty("user.name")).append('\n')
			.append("log:\n  - target: ").append(dir).append("/knot.log\n    any: info\n")
			.append("database:\n  storage: ").append(dir).append("/db\n");
		if (!this.keys.isEmpty()) {
			conf.append("key:\n");
			this.keys.forEach((name, secret) -> conf.append("  - id: ").append(name)
				.append("\n    algorithm: hmac-sha256\n    secret: ").append(secret).append('\n'));
			conf.append("acl:\n");
			// docs/fleet.md: one rule per host, its key, NS at the service zone and A/AAAA at its own name.
			this.keys.keySet().forEach((name) -> conf.append("  - id: ").append(name.replace('.', '_'))
				.append("\n    key: ").append(name)
				.append("\n    action: update\n    update-type: [NS, A, AAAA]\n    update-owner: name\n")
				.append("    update-owner-match: equal\n    update-owner-name: [").append(serviceZone(name))
				.append("., ").append(name).append(".]\n"));
		}
		conf.append("zone:\n");
		for (String zone : new String[] { "example.com", "example.net" }) {
			conf.append("  - domain: ").append(zone).append("\n    storage: ").append(dir).append("\n    file: ")
				.append(zone).append(".zone\n    zonefile-sync: -1\n    journal-content: changes\n");
			if (!this.keys.isEmpty()) {
				conf.append("    acl: [").append(String.join(", ",
						this.keys.keySet().stream().map((name) -> name.replace('.', '_')).toList())).append("]\n");
			}
		}
		Path file = dir.resolve("knot.conf");
		Files.writeString(file, conf.toString(), StandardCharsets.UTF_8);
		return List.of(binary, "-c", file.toString());
	}


	/** The service zone a host's key is for: h1.ns-api.example.com writes NS at api.example.com. */
	private static String serviceZone(String keyName) {
		int ns = keyName.indexOf(".ns-");
		return (ns >= 0) ? keyName.substring(ns + ".ns-".length()) : "www.example.com";
	}

	private static int freePort() throws IOException {
		for (int i = 0; i < 50; i++) {
			int port = ThreadLocalRandom.current().nextInt(20000, 60000);
			try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
					DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
				return port;
			}
			catch (IOException ex) {
				// Taken: try another.
			}
		}
		throw new IOException("No free port found");
	}

	@Override
	public void close() throws Exception {
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		if (this.directory != null) {
			try (var files = Files.walk(this.directory)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

}
