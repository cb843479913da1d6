package dev.selfdns.registration;

import java.time.Clock;
import java.util.List;

import dev.selfdns.parent.RegistrationException;
import dev.selfdns.parent.RegistrationProblem;
import dev.selfdns.ParentPrimary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Self-registration against a real Knot DNS primary for {@code example.com} on loopback, with
 * one key and one ACL rule per host as docs/fleet.md gives them.
 */
class KnotRegistrationIntegrationTests {

	private static final String[] secrets = new String[8];

	private static ParentPrimary parent;

	@BeforeAll
	static void startParent() throws Exception {
		parent = ParentPrimary.knot();
		for (int i = 1; i < secrets.length; i++) {
			secrets[i] = ParentPrimary.newSecret();
			parent.key("h" + i + ".ns-www.example.com", secrets[i]);
		}
		parent.start();
	}

	@AfterAll
	static void stopParent() throws Exception {
		parent.close();
	}

	@Test
	void threeHostsRegisterReassertWithoutWritingAndLeaveByCompareAndSwap() throws Exception {
		List<RegisteringHost> hosts = List.of(RegisteringHost.of(1, parent, secrets[1]),
				RegisteringHost.of(2, parent, secrets[2]), RegisteringHost.of(3, parent, secrets[3]));
		for (RegisteringHost host : hosts) {
			host.registration.reconcile();
			assertThat(host.status().state()).as(host.status().lastResult()).isEqualTo(RegistrationState.REGISTERED);
		}
		assertThat(parent.nameServers()).contains("h1.ns-www.example.com.", "h2.ns-www.example.com.",
				"h3.ns-www.example.com.");
		for (RegisteringHost host : hosts) {
			assertThat(parent.addresses(host.nameServer.toString())).containsExactly("127.0.0." + host.index);
		}
		long serial = parent.serial("example.com");
		hosts.get(0).registration.reconcile();
		assertThat(parent.serial("example.com")).isEqualTo(serial);
		hosts.get(0).registration.stop();
		assertThat(hosts.get(0).status().state()).isEqualTo(RegistrationState.DEREGISTERED);
		assertThat(parent.nameServers()).doesNotContain("h1.ns-www.example.com.");
		assertThat(parent.addresses("h1.ns-www.example.com")).isEmpty();
	}

	@Test
	void anAclDenialIsReportedAsKnotsUnsignedBadKey() throws Exception {
		// Host 4's key writing host 5's records: Knot's ACL denies, answering NOTAUTH/BADKEY unsigned.
		Rfc2136Registrar registrar = RegisteringHost.registrar(parent, RegisteringHost.nameServer(4), secrets[4],
				Clock.systemUTC(), null);
		try {
			registrar.register(new HostRecords(Name.fromConstantString("www.example.com."),
					RegisteringHost.nameServer(5), List.of(RegisteringHost.address(5)), 300));
			throw new AssertionError("The update was accepted");
		}
		catch (RegistrationException ex) {
			assertThat(ex.problem()).isEqualTo(RegistrationProblem.BAD_KEY);
			assertThat(ex.getMessage()).contains("BADKEY", "Knot answers BADKEY, unsigned, also when an acl denies",
					"update-owner-name");
		}
	}

}
