package dev.selfdns.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a port the name server cannot bind into advice: how to bind port 53 without root, or
 * what to do about a port in use.
 */
class DnsServerBindFailureAnalyzer extends AbstractFailureAnalyzer<DnsServerBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DnsServerBindException cause) {
		String reason = String.valueOf(cause.getCause().getMessage());
		String where = cause.getTransport() + " " + DnsServer.describe(cause.getAddress());
		int port = cause.getAddress().getPort();
		if (reason.contains("Permission denied") || reason.contains("Access denied")) {
			return new FailureAnalysis("selfdns could not listen on " + where
					+ ": only privileged processes may bind ports below 1024.",
					"Do not run the app as root. Instead, either:\n"
							+ "\t- grant the capability: AmbientCapabilities=CAP_NET_BIND_SERVICE in the systemd unit, "
							+ "or file capabilities on java (setcap cap_net_bind_service=+ep); a container's "
							+ "--cap-add NET_BIND_SERVICE does not reach a non-root JVM;\n"
							+ "\t- allow unprivileged ports from 53: sysctl net.ipv4.ip_unprivileged_port_start=53 "
							+ "(docker run --sysctl net.ipv4.ip_unprivileged_port_start=53 for a container);\n"
							+ "\t- or set selfdns.listen.port to a port above 1023 and forward port 53 to it.",
					cause);
		}
		if (reason.contains("in use")) {
			return new FailureAnalysis("selfdns could not listen on " + where + ": the port is already in use.",
					"Find the process with 'ss -lunp sport = :" + port + "' (UDP) or 'ss -ltnp sport = :" + port
							+ "' (TCP) and stop it, or set selfdns.listen.port or selfdns.listen.address to a free one. "
							+ "On hosts with systemd-resolved (listening on 127.0.0.53:53), set "
							+ "selfdns.listen.address to this host's own interface address: the public one, or on "
							+ "clouds that NAT it (EC2, GCP, Azure) the private one.",
					cause);
		}
		return new FailureAnalysis("selfdns could not listen on " + where + ": " + reason + ".",
				"Check that selfdns.listen.address is an address of this host's interfaces, or leave it empty to "
						+ "listen on all. On clouds that NAT the public address (EC2, GCP, Azure) it is on no "
						+ "interface: listen on the private address (or all), and keep the public one in "
						+ "selfdns.addresses, the addresses the answers give.",
				cause);
	}

}
