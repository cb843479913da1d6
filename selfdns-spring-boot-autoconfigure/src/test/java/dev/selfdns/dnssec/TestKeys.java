package dev.selfdns.dnssec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.selfdns.gate.ServingGate;
import org.xbill.DNS.Name;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * DNSSEC keys and signed hosts for tests: fresh P-256 keys as PKCS#8 PEM files or read keys,
 * and selfdns hosts of {@code www.example.com} on 127.0.0.n that sign with a key file.
 */
public final class TestKeys {

	public static final Name ZONE = Name.fromConstantString("www.example.com.");

	private TestKeys() {
	}

	/** A new P-256 private key, PKCS#8 DER, base64. */
	public static String newPkcs8() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	/** A new active key of www.example.com. */
	public static SigningKey newKey() {
		return KeyReader.read(newPkcs8(), ZONE, 3600, KeyState.ACTIVE);
	}

	/** A new P-256 key written as a PKCS#8 PEM file, as openssl genpkey writes it. */
	public static Path pem(Path directory, String name) throws Exception {
		String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(Base64.getDecoder().decode(newPkcs8()));
		Path file = directory.resolve(name);
		Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
		return file;
	}

	/**
	 * Start host n of www.example.com (127.0.0.n, name servers ns1 and ns2 at .1 and .2), signing
	 * with a key file, ready to answer.
	 * @param properties more properties
	 */
	public static ConfigurableApplicationContext signedHost(int n, int port, Path key, String... properties) {
		List<String> all = new ArrayList<>(List.of("selfdns.zone=www.example.com",
				"selfdns.name-servers=ns1.www.example.com 127.0.0.1,ns2.www.example.com 127.0.0.2",
				"selfdns.listen.address=127.0.0." + n, "selfdns.listen.port=" + port, "selfdns.shutdown.drain=0s",
				"selfdns.dnssec.enabled=true", "selfdns.dnssec.keys[0].private-key=file:" + key));
		all.addAll(List.of(properties));
		if (all.stream().noneMatch((property) -> property.startsWith("selfdns.addresses="))) {
			all.add("selfdns.addresses=127.0.0." + n);
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SignedHost.class)
			.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
		context.getBean(ServingGate.class).applicationReady();
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ dev.selfdns.autoconfigure.SelfDnsAutoConfiguration.class,
			dev.selfdns.autoconfigure.SelfDnsGateAutoConfiguration.class,
			dev.selfdns.autoconfigure.SelfDnsProtectionAutoConfiguration.class,
			dev.selfdns.autoconfigure.SelfDnsDnssecAutoConfiguration.class })
	static class SignedHost {

	}

}
