package dev.selfdns.shaping;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

import dev.selfdns.net.ResolverNetworks;
import org.jspecify.annotations.Nullable;

/**
 * Decides, per query, whether the answer goes now, later, not at all, or as REFUSED. Reads
 * only the current {@link ShapingState} snapshot: no locks, and nothing allocated while the
 * host is idle.
 */
public final class LoadShaper {

	private final ShapingMode mode;

	private final ShedAction shedAction;

	private final long maxDelayNanos;

	private final double maxDrop;

	private final ResolverNetworks networks;

	private final DoubleSupplier random;

	private volatile ShapingState state = ShapingState.IDLE;

	/**
	 * Create a shaper.
	 * @param mode share or ramp
	 * @param shedAction what a shed resolver gets in share mode
	 * @param maxDelay the largest delay
	 * @param maxDrop the largest share of queries dropped in ramp mode
	 * @param networks places resolver networks for share mode
	 * @param random uniform numbers in [0, 1) for drops in ramp mode
	 */
	public LoadShaper(ShapingMode mode, ShedAction shedAction, Duration maxDelay, double maxDrop,
			ResolverNetworks networks, DoubleSupplier random) {
		this.mode = mode;
		this.shedAction = shedAction;
		this.maxDelayNanos = maxDelay.toNanos();
		this.maxDrop = maxDrop;
		this.networks = networks;
		this.random = random;
	}

	/**
	 * Turn a load (0 to 2, as smoothed) into the state queries are shaped by.
	 * @param load the smoothed load
	 * @param signals the readings it came from
	 * @return the new state, now in force
	 */
	public ShapingState update(double load, List<SignalReading> signals) {
		double score = Math.min(1, load);
		double overload = Math.max(0, Math.min(1, load - 1));
		ShapingState next;
		if (this.mode == ShapingMode.RAMP) {
			next = new ShapingState(score, overload, 0, (long) (score * this.maxDelayNanos), overload * this.maxDrop,
					signals);
		}
		else {
			long delay = (this.shedAction == ShedAction.DELAY && score > 0) ? this.maxDelayNanos : 0;
			double drop = (this.shedAction == ShedAction.DROP) ? score : 0;
			next = new ShapingState(score, overload, score, delay, drop, signals);
		}
		this.state = next;
		return next;
	}

	public ShapingState state() {
		return this.state;
	}

	public ShapingMode mode() {
		return this.mode;
	}

	public ShedAction shedAction() {
		return this.shedAction;
	}

	/**
	 * Decide for one query.
	 * @param client the client's address; {@code null} for transports that are not shaped
	 * @return what to do with the answer; for {@link ShapingDecision#DELAY}, wait
	 * {@link #delayNanos()}
	 */
	public ShapingDecision decide(@Nullable InetAddress client) {
		ShapingState current = this.state;
		if (client == null || current.score() == 0) {
			return ShapingDecision.NOW;
		}
		if (this.mode == ShapingMode.RAMP) {
			if (current.dropProbability() > 0 && this.random.getAsDouble() < current.dropProbability()) {
				return ShapingDecision.DROP;
			}
			return (current.delayNanos() > 0) ? ShapingDecision.DELAY : ShapingDecision.NOW;
		}
		if (this.networks.point(client) >= current.shedShare()) {
			return ShapingDecision.NOW;
		}
		return switch (this.shedAction) {
			case DELAY -> (this.maxDelayNanos > 0) ? ShapingDecision.DELAY : ShapingDecision.NOW;
			case REFUSE -> ShapingDecision.REFUSE;
			case DROP -> ShapingDecision.DROP;
		};
	}

	/**
	 * How long a delayed answer waits now: the ramp's delay at the current load, or the whole
	 * {@code max-delay} for a shed resolver.
	 * @return the delay in nanoseconds
	 */
	public long delayNanos() {
		return (this.mode == ShapingMode.RAMP) ? this.state.delayNanos() : this.maxDelayNanos;
	}

}
