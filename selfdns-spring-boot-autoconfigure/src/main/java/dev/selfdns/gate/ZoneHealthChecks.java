package dev.selfdns.gate;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The health checks of the zones that name a health group of their own
 * ({@code selfdns.zones[i].gate.health-group}); every other zone reads the {@link HealthCheck}
 * bean.
 */
public final class ZoneHealthChecks {

	private final List<@Nullable HealthCheck> checks;

	/**
	 * Hold the checks.
	 * @param checks one per zone in the order configured, {@code null} for a zone without a group of its own
	 */
	public ZoneHealthChecks(List<@Nullable HealthCheck> checks) {
		this.checks = new ArrayList<>(checks);
	}

	/**
	 * A zone's own check.
	 * @param index the zone, from 0, in the order configured
	 * @return its check, {@code null} if it reads the host's
	 */
	public @Nullable HealthCheck of(int index) {
		return (index < this.checks.size()) ? this.checks.get(index) : null;
	}

}
