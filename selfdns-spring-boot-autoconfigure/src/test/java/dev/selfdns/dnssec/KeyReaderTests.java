package dev.selfdns.dnssec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import dev.selfdns.CommandLineTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Keys as the real tools make them: BIND's {@code dnssec-keygen} (its {@code .key} file is the
 * DNSKEY the private key must give, and {@code dnssec-dsfromkey} its DS) and
 * {@code openssl genpkey} (its public key must be the one derived), for algorithms 13 and 15;
 * each key signs an RRset that dnsjava verifies; bad keys get messages without key material.
 */
class KeyReaderTests {

	private static final Name ZONE = Name.fromConstantString("www.example.com.");

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(ints = { 13, 15 })
	void bindsPrivateKeyFileGivesBindsDnskeyAndDs(int algorithm) throws Exception {
		String base = CommandLineTool.dnssecKeygen()
			.run("-q", "-K", this.directory.toString(), "-a", Integer.toString(algorithm), "-f", "KSK", "-n", "ZONE",
					"www.example.com")
			.trim();
		Path keyFile = this.directory.resolve(base + ".key");
		SigningKey key = KeyReader.read(Files.readString(this.directory.resolve(base + ".private")), ZONE, 3600,
				KeyState.ACTIVE);
		DNSKEYRecord bind = (DNSKEYRecord) new Master(keyFile.toString(), ZONE, 3600).nextRecord();
		assertThat(key.dnskey().getKey()).isEqualTo(bind.getKey());
		assertThat(key.tag()).isEqualTo(bind.getFootprint());
		assertThat(key.algorithm()).isEqualTo(algorithm);
		String ds = CommandLineTool.dnssecDsfromkey().run("-2", keyFile.toString()).trim();
		DSRecord ours = key.ds(3600);
		assertThat(ds).endsWith(ours.getFootprint() + " " + algorithm + " 2 "
				+ HexFormat.of().withUpperCase().formatHex(ours.getDigest()));
		signsAndVerifies(key);
	}

	@ParameterizedTest
	@ValueSource(strings = { "EC -pkeyopt ec_paramgen_curve:P-256", "ED25519" })
	void opensslsPkcs8KeyGivesItsOwnPublicKey(String algorithm) throws Exception {
		Path pem = this.directory.resolve("key.pem");
		List<String> arguments = new java.util.ArrayList<>(List.of("genpkey", "-out", pem.toString(), "-algorithm"));
		arguments.addAll(List.of(algorithm.split(" ")));
		CommandLineTool.openssl().run(arguments.toArray(String[]::new));
		Path publicKey = this.directory.resolve("public.der");
		CommandLineTool.openssl().run("pkey", "-in", pem.toString(), "-pubout", "-outform", "DER", "-out",
				publicKey.toString());
		SigningKey key = KeyReader.read(Files.readString(pem), ZONE, 3600, KeyState.ACTIVE);
		assertThat(key.dnskey().getPublicKey().getEncoded()).isEqualTo(Files.readAllBytes(publicKey));
		signsAndVerifies(key);
		// The same key as base64 DER, as it would come from the environment.
		String der = Base64.getEncoder()
			.encodeToString(Base64.getMimeDecoder()
				.decode(Files.readString(pem).replaceAll("-----[A-Z ]+-----", "")));
		assertThat(KeyReader.read(der, ZONE, 3600, KeyState.ACTIVE).tag()).isEqualTo(key.tag());
	}

	@Test
	void aPeersDnskeyDataIsReadAndAWrongOneNamesTheForm() {
		SigningKey own = KeyReader.read(opensslKey(), ZONE, 3600, KeyState.ACTIVE);
		String data = own.dnskey().rdataToString();
		DNSKEYRecord peer = KeyReader.peerKey(data, ZONE, 3600);
		assertThat(peer.getFootprint()).isEqualTo(own.tag());
		assertThatIllegalArgumentException().isThrownBy(() -> KeyReader.peerKey("257 3 8 AwEAAa", ZONE, 3600))
			.withMessageContaining("algorithm 8 is not supported");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyReader.peerKey("13 AwEAAa", ZONE, 3600))
			.withMessageContaining("'257 3 13 <base64>'");
	}

	@Test
	void anOpenSslEcKeyIsReadAsItIsTheSameKeyAsItsPkcs8Form() throws Exception {
		Path sec1 = this.directory.resolve("sec1.pem");
		CommandLineTool.openssl().run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", sec1.toString());
		Path pkcs8 = this.directory.resolve("pkcs8.pem");
		CommandLineTool.openssl().run("pkcs8", "-topk8", "-nocrypt", "-in", sec1.toString(), "-out", pkcs8.toString());
		String sec1Text = Files.readString(sec1);
		assertThat(sec1Text).contains("BEGIN EC PRIVATE KEY");
		SigningKey key = KeyReader.read(sec1Text, ZONE, 3600, KeyState.ACTIVE);
		assertThat(key.dnskey()).isEqualTo(KeyReader.read(Files.readString(pkcs8), ZONE, 3600, KeyState.ACTIVE).dnskey());
		assertThat(key.algorithm()).isEqualTo(DNSSEC.Algorithm.ECDSAP256SHA256);
	}

	@Test
	void keysItCannotUseSayWhatToGiveAndShowNoKeyMaterial() throws Exception {
		Path p384 = this.directory.resolve("p384.pem");
		CommandLineTool.openssl().run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out",
				p384.toString());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeyReader.read(Files.readString(p384), ZONE, 3600, KeyState.ACTIVE))
			.withMessageContaining("not on curve P-256");
		Path rsa = this.directory.resolve("rsa.pem");
		CommandLineTool.openssl().run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out",
				rsa.toString());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeyReader.read(Files.readString(rsa), ZONE, 3600, KeyState.ACTIVE))
			.withMessageContaining("give an ECDSA P-256 or Ed25519 private key");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyReader.read("not a key!", ZONE, 3600, KeyState.ACTIVE))
			.withMessageContaining("neither a PEM, nor base64");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeyReader.read("Private-key-format: v1.3\nAlgorithm: 8 (RSASHA256)\nPrivateKey: AAAA\n",
					ZONE, 3600, KeyState.ACTIVE))
			.withMessageContaining("algorithm 8 is not supported: use 13");
	}

	private String opensslKey() {
		try {
			Path pem = this.directory.resolve("peer.pem");
			CommandLineTool.openssl().run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
					pem.toString());
			return Files.readString(pem);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private static String body(String pem) {
		return pem.lines().filter((line) -> !line.startsWith("-----")).findFirst().orElseThrow();
	}

	private static void signsAndVerifies(SigningKey key) throws Exception {
		Record a = new ARecord(ZONE, DClass.IN, 10, java.net.InetAddress.getByName("192.0.2.1"));
		RRset rrset = new RRset(a);
		Instant now = Instant.now();
		RRSIGRecord rrsig = DNSSEC.sign(rrset, key.dnskey(), key.privateKey(), now.minusSeconds(3600),
				now.plusSeconds(86400));
		DNSSEC.verify(rrset, rrsig, key.dnskey());
	}

}
