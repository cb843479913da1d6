package dev.selfdns.sample;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may change what. Reading the actuator (health, {@code /actuator/selfdns}, metrics) stays
 * open, as a load balancer or monitoring system reads it; writing to it, such as draining or
 * resuming the host, takes an operator's credentials over HTTP Basic. The operator is Spring
 * Boot's {@code spring.security.user}: name and role in {@code application.yml}, password from
 * {@code SPRING_SECURITY_USER_PASSWORD} (unset, Spring Boot generates one and logs it). The
 * app's own pages stay open.
 */
@Configuration(proxyBeanMethods = false)
class OperatorSecurity {

	static final String OPERATOR = "OPERATOR";

	@Bean
	SecurityFilterChain operatorOnlyWrites(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(EndpointRequest.toAnyEndpoint().withHttpMethod(HttpMethod.GET))
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole(OPERATOR)
			.anyRequest()
			.permitAll());
		http.httpBasic(Customizer.withDefaults());
		// Operators call the endpoint from scripts with Basic credentials on every request: no
		// session, so no session cookie a forged cross-site request could ride on. The demo
		// controls are the lab's, off unless sample.demo.enabled=true.
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint())
			.ignoringRequestMatchers("/demo/**"));
		return http.build();
	}

}
