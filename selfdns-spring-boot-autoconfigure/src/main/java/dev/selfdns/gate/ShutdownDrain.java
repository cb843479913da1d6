package dev.selfdns.gate;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The first thing to stop, and the one owner of the gate's "shutting down": closes the gate,
 * then holds shutdown for the drain time, so clients that still hold a cached answer (up to
 * the TTL) are served by the web server, which stops later. The listeners stay up meanwhile
 * and answer as {@code when-closed} says. A lifecycle that starts again (a paused context
 * resumed) opens the gate again.
 */
public final class ShutdownDrain implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ShutdownDrain.class);

	private final ServingGate gate;

	private final Duration drain;

	private final int phase;

	private volatile boolean running;

	/**
	 * Create the drain.
	 * @param gate the gate to close
	 * @param drain how long to keep serving after the gate closed
	 * @param phase the lifecycle phase: above the listeners and the web server, so it stops first
	 */
	public ShutdownDrain(ServingGate gate, Duration drain, int phase) {
		this.gate = gate;
		this.drain = drain;
		this.phase = phase;
	}

	@Override
	public void start() {
		this.gate.restarted();
		this.running = true;
	}

	@Override
	public void stop() {
		this.gate.shutdown();
		this.running = false;
	}

	@Override
	public void stop(Runnable callback) {
		this.gate.shutdown();
		this.running = false;
		if (this.drain.isZero()) {
			callback.run();
			return;
		}
		logger.info("selfdns draining for " + this.drain.toMillis() + " ms: the app keeps serving clients that "
				+ "hold a cached answer");
		// The lifecycle processor waits for the callback; no thread of its is held meanwhile.
		Thread waiter = new Thread(() -> {
			try {
				Thread.sleep(this.drain.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				callback.run();
			}
		}, "selfdns-drain");
		waiter.setDaemon(true);
		waiter.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	public Duration drain() {
		return this.drain;
	}

}
