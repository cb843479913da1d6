package dev.selfdns.registration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.selfdns.parent.ParentConnection;
import dev.selfdns.parent.RegistrationException;
import dev.selfdns.parent.RegistrationProblem;
import dev.selfdns.parent.TsigKey;
import dev.selfdns.ParentPrimary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Self-registration against a real BIND 9 primary for {@code example.com} on loopback, with
 * one TSIG key per host and the two update-policy lines of docs/fleet.md. Each test uses host
 * numbers of its own, so the tests share one server.
 */
@ExtendWith(OutputCaptureExtension.class)
class BindRegistrationIntegrationTests {

	private static final int HOSTS = 60;

	private static final String[] secrets = new String[HOSTS + 1];

	private static ParentPrimary parent;

	@BeforeAll
	static void startParent() throws Exception {
		parent = ParentPrimary.bind();
		for (int i = 1; i <= HOSTS; i++) {
			secrets[i] = ParentPrimary.newSecret();
			parent.key("h" + i + ".ns-www.example.com", secrets[i]);
		}
		parent.start();
	}

	@AfterAll
	static void stopParent() throws Exception {
		parent.close();
	}

	private static RegisteringHost host(int index) throws Exception {
		return RegisteringHost.of(index, parent, secrets[index]);
	}

	@Test
	void threeHostsRegisterTheirNsRecordAndGlue() throws Exception {
		List<RegisteringHost> hosts = List.of(host(1), host(2), host(3));
		for (RegisteringHost host : hosts) {
			host.registration.reconcile();
			assertThat(host.status().state()).as(host.status().lastResult()).isEqualTo(RegistrationState.REGISTERED);
		}
		assertThat(parent.nameServers()).contains("h1.ns-www.example.com.", "h2.ns-www.example.com.",
				"h3.ns-www.example.com.");
		for (RegisteringHost host : hosts) {
			assertThat(parent.addresses(host.nameServer.toString())).containsExactly("127.0.0." + host.index);
			assertThat(host.status().parentNameServers()).contains(host.nameServer);
			assertThat(host.status().zone()).isEqualTo(Name.fromConstantString("example.com."));
		}
	}

	@Test
	void aReassertThatFindsNothingToChangeWritesNothingAndKeepsTheSerial() throws Exception {
		RegisteringHost host = host(4);
		host.registration.reconcile();
		assertThat(host.updates).hasValue(1);
		long serial = parent.serial("example.com");
		host.registration.reconcile();
		host.registration.reconcile();
		assertThat(host.updates).hasValue(1);
		assertThat(parent.serial("example.com")).isEqualTo(serial);
		assertThat(host.status().lastResult()).contains("nothing to write");
	}

	@Test
	void anAddressChangeReplacesTheGlue() throws Exception {
		RegisteringHost host = host(5);
		host.registration.reconcile();
		assertThat(parent.addresses("h5.ns-www.example.com")).containsExactly("127.0.0.5");
		host.moveTo(InetAddress.getByName("127.0.1.5"));
		host.registration.reconcile();
		assertThat(parent.addresses("h5.ns-www.example.com")).containsExactly("127.0.1.5");
		assertThat(host.status().state()).isEqualTo(RegistrationState.REGISTERED);
	}

	@Test
	void thirteenConcurrentRegistrationsGiveAThirteenNameSet() throws Exception {
		List<RegisteringHost> hosts = new ArrayList<>();
		for (int i = 10; i < 23; i++) {
			hosts.add(host(i));
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(hosts.size());
		try {
			List<Future<?>> done = new ArrayList<>();
			for (RegisteringHost host : hosts) {
				done.add(pool.submit(() -> {
					start.await();
					host.registration.reconcile();
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		List<String> expected = hosts.stream().map((host) -> host.nameServer.toString()).toList();
		assertThat(parent.nameServers()).containsAll(expected);
		for (RegisteringHost host : hosts) {
			assertThat(host.status().state()).as(host.status().lastResult()).isEqualTo(RegistrationState.REGISTERED);
		}
	}

	@Test
	void threeHostsLeavingAtOnceNeverLeaveFewerThanTheMinimum() throws Exception {
		// A parent of its own: the set must hold exactly these three hosts.
		try (ParentPrimary own = ParentPrimary.bind()) {
			String[] keys = new String[4];
			for (int i = 1; i <= 3; i++) {
				keys[i] = ParentPrimary.newSecret();
				own.key("h" + i + ".ns-www.example.com", keys[i]);
			}
			own.start();
			ExecutorService pool = Executors.newFixedThreadPool(3);
			try {
				for (int round = 1; round <= 50; round++) {
					List<RegisteringHost> hosts = new ArrayList<>();
					for (int i = 1; i <= 3; i++) {
						RegisteringHost host = RegisteringHost.of(i, own, keys[i]);
						host.registration.reconcile();
						hosts.add(host);
					}
					assertThat(own.nameServers()).hasSize(3);
					CountDownLatch start = new CountDownLatch(1);
					List<Future<?>> done = new ArrayList<>();
					for (RegisteringHost host : hosts) {
						done.add(pool.submit(() -> {
							start.await();
							host.registration.stop();
							return null;
						}));
					}
					start.countDown();
					for (Future<?> future : done) {
						future.get(30, TimeUnit.SECONDS);
					}
					assertThat(own.nameServers()).as("round " + round).hasSize(2);
					assertThat(hosts.stream().filter((host) -> host.status().state() == RegistrationState.DEREGISTERED))
						.as("round " + round)
						.hasSize(1);
				}
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	@Test
	void onlyThePolicyDecidesWhenAHostLeaves() throws Exception {
		RegisteringHost never = RegisteringHost.of(40, parent, secrets[40], DeregisterPolicy.NEVER, 1);
		RegisteringHost onRetire = RegisteringHost.of(41, parent, secrets[41], DeregisterPolicy.ON_RETIRE, 1);
		RegisteringHost auto = RegisteringHost.of(42, parent, secrets[42], DeregisterPolicy.AUTO, 1);
		for (RegisteringHost host : List.of(never, onRetire, auto)) {
			host.registration.reconcile();
		}
		never.registration.retire();
		assertThat(never.gate.state().reason()).isEqualTo(dev.selfdns.gate.GateReason.DRAINED);
		assertThat(never.status().state()).as("never: retired hosts stay listed").isEqualTo(RegistrationState.REGISTERED);
		onRetire.registration.stop();
		auto.registration.stop();
		assertThat(parent.nameServers()).as("on-retire and auto with static addresses keep a stopped host listed")
			.contains("h40.ns-www.example.com.", "h41.ns-www.example.com.", "h42.ns-www.example.com.");
		assertThat(onRetire.updates).hasValue(1);
		assertThat(auto.updates).hasValue(1);
	}

	@Test
	void bindsSilentNsCapIsCaughtByTheReadBack(CapturedOutput output) throws Exception {
		try (ParentPrimary capped = ParentPrimary.bind()) {
			String[] keys = new String[4];
			for (int i = 1; i <= 3; i++) {
				keys[i] = ParentPrimary.newSecret();
				capped.key("h" + i + ".ns-www.example.com", keys[i]);
			}
			capped.bindPolicy("grant *.ns-www.example.com. self *.ns-www.example.com. A AAAA;\n"
					+ "\t\tgrant *.ns-www.example.com. name www.example.com. NS(2);");
			capped.start();
			for (int i = 1; i <= 2; i++) {
				RegisteringHost host = RegisteringHost.of(i, capped, keys[i]);
				host.registration.reconcile();
				assertThat(host.status().state()).isEqualTo(RegistrationState.REGISTERED);
			}
			RegisteringHost third = RegisteringHost.of(3, capped, keys[3]);
			third.registration.reconcile();
			assertThat(third.status().state()).isEqualTo(RegistrationState.FAILING);
			assertThat(third.status().lastResult()).contains("NOERROR", "does not show h3.ns-www.example.com.",
					"NS(3)");
		}
	}

	@Test
	void aWrongSecretSaysTheSecretDiffers(CapturedOutput output) throws Exception {
		RegistrationException failure = registerWith(30, ParentPrimary.newSecret(), Clock.systemUTC(), null);
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.BAD_SIGNATURE);
		assertThat(failure.getMessage()).contains("BADSIG", "selfdns.registration.key.secret");
	}

	@Test
	void anUnknownKeySaysHowToDefineIt() throws Exception {
		Rfc2136Registrar registrar = RegisteringHost.registrar(parent, Name.fromConstantString("stranger."),
				secrets[31], Clock.systemUTC(), null);
		RegistrationException failure = register(registrar, 31);
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.BAD_KEY);
		assertThat(failure.getMessage()).contains("BADKEY", "key \"stranger.\" { algorithm hmac-sha256;");
	}

	@Test
	void aPolicyDenialGivesTheLinesThatAllowIt() throws Exception {
		// Host 32's key writing host 33's records: the policy's 'self' rule refuses.
		Rfc2136Registrar registrar = RegisteringHost.registrar(parent, RegisteringHost.nameServer(32), secrets[32],
				Clock.systemUTC(), null);
		RegistrationException failure = register(registrar, 33);
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.REFUSED);
		assertThat(failure.getMessage()).contains("REFUSED", "update-policy { grant h32.ns-www.example.com. name "
				+ "www.example.com. NS; grant h32.ns-www.example.com. name h33.ns-www.example.com. A AAAA; };",
				"update-owner-name: [www.example.com., h33.ns-www.example.com.]");
	}

	@Test
	void aClockTenMinutesOffSaysBySeconds() throws Exception {
		Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
		RegistrationException failure = registerWith(34, secrets[34], skewed, null);
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.BAD_TIME);
		assertThat(failure.getMessage()).containsAnyOf("differ by -600 s", "differ by -599 s", "differ by -601 s")
			.contains("NTP");
	}

	@Test
	void aZoneThatDoesNotHoldTheDelegationIsNamed() throws Exception {
		RegistrationException failure = registerWith(35, secrets[35], Clock.systemUTC(),
				Name.fromConstantString("example.net."));
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.NOT_IN_ZONE);
		assertThat(failure.getMessage()).contains("NOTZONE", "selfdns.registration.zone");
	}

	@Test
	void aZoneTheServerDoesNotServeIsNamed() throws Exception {
		RegistrationException failure = registerWith(36, secrets[36], Clock.systemUTC(),
				Name.fromConstantString("example.org."));
		assertThat(failure.problem()).isEqualTo(RegistrationProblem.NOT_AUTHORITATIVE);
		assertThat(failure.getMessage()).contains("NOTAUTH", "not the primary of example.org.");
	}

	@Test
	void theZoneIsFoundByAnSoaLookup() throws Exception {
		Rfc2136Registrar registrar = RegisteringHost.registrar(parent, RegisteringHost.nameServer(37), secrets[37],
				Clock.systemUTC(), null);
		assertThat(registrar.zone()).isNull();
		registrar.read(Name.fromConstantString("www.example.com."));
		assertThat(registrar.zone()).isEqualTo(Name.fromConstantString("example.com."));
	}

	@Test
	void aParentThatNeverAnswersTimesOutWithAdvice() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				List<Socket> held = new ArrayList<>();
				try {
					while (true) {
						held.add(silent.accept());
					}
				}
				catch (IOException ex) {
					// Closed.
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			Rfc2136Registrar registrar = new Rfc2136Registrar(new ParentConnection(
					new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
					new TsigKey(RegisteringHost.nameServer(38), TSIG.HMAC_SHA256, Base64.getDecoder().decode(secrets[38])),
					Duration.ofMillis(300), Clock.systemUTC()), Name.fromConstantString("example.com."));
			RegistrationException failure = register(registrar, 38);
			assertThat(failure.problem()).isEqualTo(RegistrationProblem.TIMEOUT);
			assertThat(failure.getMessage()).contains("did not answer over TCP within 300 ms",
					"selfdns.registration.server");
		}
	}

	@Test
	void eachErrorIsLoggedOnceAndAFailingParentLeavesTheGateOpen(CapturedOutput output) throws Exception {
		RegisteringHost host = RegisteringHost.of(39, parent, ParentPrimary.newSecret(), DeregisterPolicy.NEVER, 2);
		host.registration.reconcile();
		host.registration.reconcile();
		host.registration.reconcile();
		assertThat(host.status().state()).isEqualTo(RegistrationState.FAILING);
		assertThat(output.getOut().split("could not register h39", -1)).hasSize(2);
		assertThat(host.gate.isOpen()).isTrue();
	}

	private static RegistrationException registerWith(int index, String secret, Clock clock, Name zone) {
		return register(RegisteringHost.registrar(parent, RegisteringHost.nameServer(index), secret, clock, zone), index);
	}

	private static RegistrationException register(Registrar registrar, int index) {
		try {
			registrar.register(new HostRecords(Name.fromConstantString("www.example.com."),
					RegisteringHost.nameServer(index), List.of(RegisteringHost.address(index)), 300));
		}
		catch (RegistrationException ex) {
			return ex;
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		throw new AssertionError("The update was accepted");
	}

}
