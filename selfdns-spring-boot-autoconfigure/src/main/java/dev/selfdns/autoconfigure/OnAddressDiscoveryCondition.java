package dev.selfdns.autoconfigure;

import dev.selfdns.discovery.AddressDiscoveryMode;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code selfdns.address-discovery.mode} is anything but {@code static}.
 */
class OnAddressDiscoveryCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		AddressDiscoveryMode mode = Binder.get(context.getEnvironment())
			.bind("selfdns.address-discovery.mode", AddressDiscoveryMode.class)
			.orElse(AddressDiscoveryMode.STATIC);
		return (mode != AddressDiscoveryMode.STATIC)
				? ConditionOutcome.match("selfdns.address-discovery.mode is " + mode)
				: ConditionOutcome.noMatch("selfdns.address-discovery.mode is static");
	}

}
