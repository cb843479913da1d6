package dev.selfdns.autoconfigure;

import java.util.HexFormat;

import dev.selfdns.protection.ResponseRateLimiter;
import dev.selfdns.protection.ServerCookies;
import dev.selfdns.net.ResolverNetworks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfDnsProtectionAutoConfiguration}, on its own.
 */
class SelfDnsProtectionAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SelfDnsProtectionAutoConfiguration.class));

	@Test
	void defaultsTurnOnCookiesAndRateLimiting() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ServerCookies.class).hasSingleBean(ResponseRateLimiter.class);
			assertThat(context.getBean(ServerCookies.class).required()).isFalse();
			ResponseRateLimiter limiter = context.getBean(ResponseRateLimiter.class);
			assertThat(limiter.rates()).containsExactly(200, 50, 50);
			assertThat(limiter.slip()).isEqualTo(2);
			assertThat(limiter.windowNanos()).isEqualTo(15_000_000_000L);
		});
	}

	@Test
	void eachIsSwitchedOffByItsOwnProperty() {
		this.runner.withPropertyValues("selfdns.cookies.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServerCookies.class)
				.hasSingleBean(ResponseRateLimiter.class));
		this.runner.withPropertyValues("selfdns.rate-limit.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ServerCookies.class)
				.doesNotHaveBean(ResponseRateLimiter.class));
		this.runner.withPropertyValues("selfdns.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServerCookies.class)
				.doesNotHaveBean(ResponseRateLimiter.class));
	}

	@Test
	void withoutActuatorOrMicrometerBothStayOn() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
				"org.springframework.boot.health", "io.micrometer"))
			.run((context) -> assertThat(context).hasSingleBean(ServerCookies.class)
				.hasSingleBean(ResponseRateLimiter.class));
	}

	@Test
	void theUsersBeansWin() {
		this.runner
			.withBean("myCookies", ServerCookies.class,
					() -> new ServerCookies(ServerCookies.randomSecret(), true, () -> 0L))
			.withBean("myLimiter", ResponseRateLimiter.class,
					() -> new ResponseRateLimiter(new ResolverNetworks(24, 56, 0), 1, 1, 1, 1_000_000_000L, 0))
			.run((context) -> {
				assertThat(context.getBeanNamesForType(ServerCookies.class)).containsExactly("myCookies");
				assertThat(context.getBeanNamesForType(ResponseRateLimiter.class)).containsExactly("myLimiter");
			});
	}

	@Test
	void aSetSecretMakesCookiesThatEveryHostWithItAccepts() throws Exception {
		String secret = "e5e973e5a6b2a43f48e7dc849e37bfcf";
		java.net.InetAddress client = java.net.InetAddress.getByName("192.0.2.7");
		byte[] cookie = new byte[24];
		System.arraycopy(HexFormat.of().parseHex("0102030405060708"), 0, cookie, 0, 8);
		this.runner.withPropertyValues("selfdns.cookies.secret=" + secret)
			.run((context) -> context.getBean(ServerCookies.class)
				.write(cookie, 0, client, cookie, 8, new byte[ServerCookies.SCRATCH_LENGTH]));
		this.runner.withPropertyValues("selfdns.cookies.secret=" + secret)
			.run((context) -> assertThat(context.getBean(ServerCookies.class)
				.valid(cookie, 0, cookie.length, client, new byte[ServerCookies.SCRATCH_LENGTH])).isTrue());
		this.runner.run((context) -> assertThat(context.getBean(ServerCookies.class)
			.valid(cookie, 0, cookie.length, client, new byte[ServerCookies.SCRATCH_LENGTH]))
			.as("a random secret").isFalse());
	}

	@Test
	void badValuesFailStartupNamingThePropertyAndTheFix() {
		this.runner.withPropertyValues("selfdns.rate-limit.slip=11").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(SelfDnsAutoConfigurationTests.report(context.getStartupFailure()))
				.anySatisfy((line) -> assertThat(line).startsWith("selfdns.rate-limit.slip").contains("from 0"));
		});
	}

}
