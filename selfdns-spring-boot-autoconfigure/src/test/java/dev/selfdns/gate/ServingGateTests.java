package dev.selfdns.gate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServingGate}: how its inputs combine and which reason wins.
 */
class ServingGateTests {

	private static final HealthVerdict UP = new HealthVerdict("UP", "overall health");

	private static final HealthVerdict DOWN = new HealthVerdict("DOWN", "overall health [db DOWN]");

	@Test
	void opensOnlyOnAHealthReadingTakenAfterTheApplicationIsReady() {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.health(UP);
		assertThat(gate.state().reason()).isEqualTo(GateReason.STARTING);
		gate.applicationReady();
		assertThat(gate.state().reason()).isEqualTo(GateReason.STARTING);
		gate.health(UP);
		assertThat(gate.isOpen()).isTrue();
		assertThat(gate.state()).isEqualTo(new GateState(true, GateReason.OPEN, "answering"));
	}

	@Test
	void listenersHearEachOpeningAndClosingAndNothingElse() {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
		gate.onOpenChange(changes::incrementAndGet);
		gate.applicationReady();
		gate.health(DOWN);
		assertThat(changes).as("closed for another reason is no change").hasValue(0);
		gate.health(UP);
		assertThat(changes).as("opened").hasValue(1);
		gate.health(UP);
		gate.drain("maintenance");
		assertThat(changes).as("closed").hasValue(2);
		gate.health(DOWN);
		gate.resume();
		assertThat(changes).as("still closed, by health now").hasValue(2);
	}

	@Test
	void aReadingTakenBeforeReadinessAcceptsTrafficDoesNotCount() {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.applicationReady();
		gate.health(new HealthVerdict("OUT_OF_SERVICE", "overall health [readinessState OUT_OF_SERVICE]"));
		gate.readiness(true);
		assertThat(gate.state().reason()).isEqualTo(GateReason.STARTING);
		gate.health(UP);
		assertThat(gate.isOpen()).isTrue();
	}

	@Test
	void withoutHealthChecksReadinessAloneOpensIt() {
		ServingGate gate = new ServingGate(WhenClosed.DROP, false);
		assertThat(gate.isOpen()).isFalse();
		gate.applicationReady();
		assertThat(gate.isOpen()).isTrue();
	}

	@Test
	void reasonsAreReportedInOrderShutdownDrainReadinessHealth() {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.applicationReady();
		gate.health(DOWN);
		assertThat(gate.state().detail()).isEqualTo("overall health [db DOWN] is DOWN");
		gate.readiness(false);
		assertThat(gate.state().reason()).isEqualTo(GateReason.NOT_READY);
		gate.drain(null);
		assertThat(gate.state().detail()).isEqualTo("drained by an operator");
		gate.shutdown();
		assertThat(gate.state().reason()).isEqualTo(GateReason.SHUTTING_DOWN);
	}

	@Test
	void aRestartAfterShutdownReopensWhatHealthAndDrainAllow() {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.applicationReady();
		gate.health(UP);
		gate.shutdown();
		assertThat(gate.isOpen()).isFalse();
		gate.restarted();
		assertThat(gate.isOpen()).isTrue();
		gate.drain("patching");
		gate.shutdown();
		gate.restarted();
		assertThat(gate.state().reason()).isEqualTo(GateReason.DRAINED);
	}

	@Test
	void drainHoldsAcrossHealthChangesUntilResumed() {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.applicationReady();
		gate.health(UP);
		gate.drain("patching");
		gate.health(DOWN);
		gate.health(UP);
		assertThat(gate.isOpen()).isFalse();
		gate.resume();
		assertThat(gate.isOpen()).isTrue();
	}

	@Test
	void countsEachChangeOnceAndNotRepeatedInputs() {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.applicationReady();
		long before = gate.changes();
		gate.health(UP);
		gate.health(UP);
		gate.health(UP);
		assertThat(gate.changes()).isEqualTo(before + 1);
		gate.health(DOWN);
		gate.health(DOWN);
		assertThat(gate.changes()).isEqualTo(before + 2);
	}

	@Test
	void aDrainNoteCannotForgeALogLineNorFillTheLog() {
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, false);
		gate.drain("kernel update\n2026-12-02 INFO selfdns is answering DNS queries\u2028\u0007");
		assertThat(gate.state().detail())
			.isEqualTo("drained by an operator: kernel update\\n2026-12-02 INFO selfdns is answering DNS queries"
					+ "\\u2028\\u0007")
			.doesNotContain("\n");
		gate.drain("x".repeat(1_000_000));
		assertThat(gate.state().detail()).hasSize("drained by an operator: ".length() + 200 + "...".length())
			.endsWith("x...");
		gate.drain("  ");
		assertThat(gate.state().detail()).isEqualTo("drained by an operator");
	}

	@Test
	void aHostClosedByHealthFailsOpenOnlyOnAPeersReportOfTheSameAndNoneOpen() {
		long[] now = { 0 };
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.failOpen(java.time.Duration.ofSeconds(15), () -> now[0]);
		gate.applicationReady();
		gate.health(new HealthVerdict("DOWN", "db DOWN"));
		now[0] = 60_000_000_000L;
		assertThat(gate.isOpen()).as("no probe round yet: it knows nothing of its peers").isFalse();
		gate.peers(false, true);
		now[0] += 14_000_000_000L;
		gate.peers(false, true);
		assertThat(gate.state().reason()).as("a whole window must pass without an open peer")
			.isEqualTo(GateReason.HEALTH);
		now[0] += 1_000_000_000L;
		gate.peers(false, true);
		assertThat(gate.isOpen()).isTrue();
		assertThat(gate.state().reason()).isEqualTo(GateReason.FAIL_OPEN);
		assertThat(gate.state().reason().hostState()).as("tells its peers it is closed by health")
			.isEqualTo(dev.selfdns.zone.HostState.CLOSED_BY_HEALTH);
		long changes = gate.changes();
		now[0] += 5_000_000_000L;
		gate.peers(false, true);
		assertThat(gate.changes()).as("still failing open is no change").isEqualTo(changes);
		gate.peers(true, true);
		assertThat(gate.state().reason()).as("a peer is open again").isEqualTo(GateReason.HEALTH);
		now[0] += 20_000_000_000L;
		gate.peers(false, true);
		assertThat(gate.state().reason()).isEqualTo(GateReason.FAIL_OPEN);
		gate.drain("maintenance");
		gate.peers(false, true);
		assertThat(gate.state().reason()).as("drained never fails open").isEqualTo(GateReason.DRAINED);
		gate.resume();
		gate.shutdown();
		gate.peers(false, true);
		assertThat(gate.state().reason()).as("nor does shutting down").isEqualTo(GateReason.SHUTTING_DOWN);
	}

	@Test
	void silenceIsNotEvidence() {
		long[] now = { 0 };
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.failOpen(java.time.Duration.ofSeconds(15), () -> now[0]);
		gate.applicationReady();
		gate.health(new HealthVerdict("DOWN", "db DOWN"));
		for (int i = 0; i < 720; i++) {
			gate.peers(false, false);
			now[0] += 5_000_000_000L;
		}
		assertThat(gate.state().reason()).as("an hour with no peer heard: it cannot tell a shared outage")
			.isEqualTo(GateReason.HEALTH);
		gate.peers(false, true);
		assertThat(gate.state().reason()).as("a peer reports closed by health, none open for an hour")
			.isEqualTo(GateReason.FAIL_OPEN);
		now[0] += 15_000_000_000L;
		gate.peers(false, false);
		assertThat(gate.state().reason()).as("that peer unheard for a whole window: silence again")
			.isEqualTo(GateReason.HEALTH);
	}

	@Test
	void failOpenSwitchedOffNeverOpensAClosedHost() {
		long[] now = { 0 };
		ServingGate gate = new ServingGate(WhenClosed.REFUSED, true);
		gate.failOpen(java.time.Duration.ZERO, () -> now[0]);
		gate.applicationReady();
		gate.health(new HealthVerdict("DOWN", "db DOWN"));
		gate.peers(false, true);
		now[0] += 3_600_000_000_000L;
		gate.peers(false, true);
		assertThat(gate.state().reason()).isEqualTo(GateReason.HEALTH);
	}

}
