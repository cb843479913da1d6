package dev.selfdns.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.xbill.DNS.Name;

/**
 * Says, once and again whenever it changes, which peers a host cannot ask (no address) or has
 * never heard, with the fix: such a host cannot tell a shared outage from its own fault, so it
 * never fails open on their account, and its operator should know why. A host alone in its NS
 * set has nobody to warn about.
 */
final class PeerWarnings {

	private static final Log logger = LogFactory.getLog(PeerWarnings.class);

	private final Name zone;

	private List<String> said = List.of();

	PeerWarnings(Name zone) {
		this.zone = zone;
	}

	/**
	 * Weigh one round's reports.
	 * @param reports every peer's report
	 * @param judgeSilence whether enough rounds have passed to call a peer never heard
	 * @param port the fleet's DNS port, named in the fix
	 */
	void round(List<PeerReport> reports, java.util.function.Predicate<Name> judgeSilence, int port) {
		List<PeerReport> unresolved = new ArrayList<>();
		List<PeerReport> neverHeard = new ArrayList<>();
		for (PeerReport report : reports) {
			if (report.condition() == PeerCondition.UNRESOLVED) {
				unresolved.add(report);
			}
			else if (judgeSilence.test(report.nameServer()) && report.lastHeard() == null) {
				neverHeard.add(report);
			}
		}
		List<String> now = new ArrayList<>();
		unresolved.forEach((report) -> now.add("unresolved " + report.nameServer()));
		neverHeard.forEach((report) -> now.add("never heard " + report.nameServer()));
		if (now.equals(this.said)) {
			return;
		}
		boolean hadProblems = !this.said.isEmpty();
		this.said = now;
		if (now.isEmpty()) {
			if (hadProblems) {
				logger.info("selfdns hears every peer of " + this.zone + " now");
			}
			return;
		}
		StringBuilder message = new StringBuilder("selfdns cannot hear ").append(now.size())
			.append(" of ")
			.append(reports.size())
			.append(" peers of ")
			.append(this.zone)
			.append(", so while its health is DOWN it stays closed rather than fail open on their silence.");
		if (!unresolved.isEmpty()) {
			message.append(" No address for ")
				.append(unresolved.stream()
					.map((report) -> report.nameServer() + " (" + report.unresolved() + ")")
					.collect(Collectors.joining(", ")))
				.append(": give in-zone name servers their addresses in the NS set (e.g. 'ns2.")
				.append(this.zone)
				.append(" 192.0.2.2'), read the NS set and its addresses from the parent "
						+ "(selfdns.peers.source=parent), or make the names resolvable from this host.");
		}
		if (!neverHeard.isEmpty()) {
			message.append(" Never heard from ")
				.append(neverHeard.stream()
					.map((report) -> report.nameServer() + " at " + report.addresses().stream()
						.map((address) -> address.getHostAddress())
						.collect(Collectors.joining(", ")))
					.collect(Collectors.joining("; ")))
				.append(": check that it runs and that DNS port ")
				.append(port)
				.append(" (UDP) is open between the hosts (selfdns.peers.port if they listen on another one).");
		}
		logger.warn(message);
	}

}
