package dev.selfdns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Unbound resolver for a test, on 127.0.0.1 at a given port, in the test's directory,
 * asking only the servers its stub zones name (loopback, never the Internet).
 */
public final class Unbound {

	private Unbound() {
	}

	/**
	 * Start Unbound.
	 * @param directory where its configuration, pid file and log go
	 * @param port the port it listens on
	 * @param server more {@code server:} lines, each indented and ending in a newline
	 * (module-config, trust-anchor)
	 * @param stubZones stub zones: pairs of a zone and its server's {@code address@port}
	 * @return the process; the caller stops it
	 */
	public static Process start(Path directory, int port, String server, String... stubZones) throws IOException {
		String binary = CommandLineTool.locate("unbound", "unbound");
		StringBuilder conf = new StringBuilder("server:\n  interface: 127.0.0.1\n  port: " + port
				+ "\n  do-not-query-localhost: no\n  username: \"\"\n  chroot: \"\"\n  directory: \"" + directory
				+ "\"\n  pidfile: \"" + directory + "/unbound.pid\"\n  use-syslog: no\n  logfile: \"" + directory
				+ "/unbound.log\"\n  access-control: 127.0.0.0/8 allow\n  num-threads: 1\n" + server
				+ "remote-control:\n  control-enable: no\n");
		for (int i = 0; i + 1 < stubZones.length; i += 2) {
			conf.append("stub-zone:\n  name: \"").append(stubZones[i]).append("\"\n");
			for (String address : stubZones[i + 1].split(",")) {
				conf.append("  stub-addr: ").append(address).append('\n');
			}
		}
		Path file = directory.resolve("unbound.conf");
		Files.writeString(file, conf.toString(), StandardCharsets.UTF_8);
		return new ProcessBuilder(binary, "-d", "-c", file.toString()).redirectErrorStream(true)
			.redirectOutput(directory.resolve("unbound.out").toFile())
			.start();
	}

}
