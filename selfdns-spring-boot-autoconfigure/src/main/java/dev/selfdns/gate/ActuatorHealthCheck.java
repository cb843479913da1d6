package dev.selfdns.gate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * Reads actuator health the way the health endpoint aggregates it: the contributors that are
 * members of a health group (or of the primary group, for overall health), folded by that
 * group's status aggregator. Contributors named in {@code excluded} are skipped, so
 * selfdns's own health never feeds back into its gate.
 */
public final class ActuatorHealthCheck implements HealthCheck {

	private final HealthContributorRegistry registry;

	private final @Nullable ReactiveHealthContributorRegistry reactiveRegistry;

	private final @Nullable HealthEndpointGroup group;

	private final StatusAggregator aggregator;

	private final Set<String> excluded;

	private final String source;

	/**
	 * Create a check.
	 * @param registry the health contributors
	 * @param reactiveRegistry the reactive health contributors, if any
	 * @param groups the health endpoint groups, if the health endpoint is configured
	 * @param groupName the group to read; empty for overall health
	 * @param excluded names of contributors never read
	 * @throws IllegalArgumentException if the group does not exist
	 */
	public ActuatorHealthCheck(HealthContributorRegistry registry,
			@Nullable ReactiveHealthContributorRegistry reactiveRegistry, @Nullable HealthEndpointGroups groups,
			String groupName, Set<String> excluded) {
		this.registry = registry;
		this.reactiveRegistry = reactiveRegistry;
		this.excluded = Set.copyOf(excluded);
		if (groupName.isEmpty()) {
			this.group = (groups != null) ? groups.getPrimary() : null;
			this.source = "overall health";
		}
		else {
			this.group = (groups != null) ? groups.get(groupName) : null;
			if (this.group == null) {
				throw new IllegalArgumentException("there is no health group '" + groupName + "'; define it with "
						+ "management.endpoint.health.group." + groupName + ".include, or leave the property empty "
						+ "to use overall health" + ((groups != null) ? " (groups: " + groups.getNames() + ")" : ""));
			}
			this.source = "health group '" + groupName + "'";
		}
		this.aggregator = (this.group != null) ? this.group.getStatusAggregator() : StatusAggregator.getDefault();
	}

	@Override
	public HealthVerdict check() {
		Map<String, Status> statuses = new LinkedHashMap<>();
		collect(this.registry, "", statuses);
		if (this.reactiveRegistry != null) {
			collect(this.reactiveRegistry.asHealthContributors(), "", statuses);
		}
		Status status = this.aggregator.getAggregateStatus(new LinkedHashSet<>(statuses.values()));
		List<String> notUp = statuses.entrySet()
			.stream()
			.filter((entry) -> !Status.UP.equals(entry.getValue()))
			.map((entry) -> entry.getKey() + " " + entry.getValue().getCode())
			.toList();
		return new HealthVerdict(status.getCode(), notUp.isEmpty() ? this.source : this.source + " " + notUp);
	}

	private void collect(HealthContributors contributors, String prefix, Map<String, Status> statuses) {
		for (HealthContributors.Entry entry : contributors) {
			String name = prefix.isEmpty() ? entry.name() : prefix + "/" + entry.name();
			if (this.excluded.contains(name)) {
				continue;
			}
			if (entry.contributor() instanceof CompositeHealthContributor composite) {
				collect(composite, name, statuses);
			}
			else if (isMember(name) && entry.contributor() instanceof HealthIndicator indicator) {
				Health health = indicator.health(false);
				if (health != null) {
					statuses.put(name, health.getStatus());
				}
			}
		}
	}

	private boolean isMember(String name) {
		return this.group == null || this.group.isMember(name);
	}

}
