package dev.selfdns.dnssec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;

import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * Reads the zone's signing keys as people make them: a PKCS#8 PEM ({@code openssl genpkey}),
 * the base64 of its DER (from the environment), or BIND's {@code K<zone>+013+<tag>.private}
 * ({@code dnssec-keygen}); and peers' public keys as {@code 257 3 13 <base64>}. Algorithms 13
 * (ECDSA P-256 with SHA-256, recommended) and 15 (Ed25519). The public key is derived from the
 * private one, so one file is all a host needs. Errors say what was read and what to give
 * instead; they never contain key material.
 */
public final class KeyReader {

	/** A key that signs the whole zone (RFC 4034: Zone Key and Secure Entry Point flags). */
	public static final int FLAGS = 257;

	private KeyReader() {
	}

	/**
	 * Read a private key.
	 * @param text the key: PEM, base64 DER, or BIND's private-key format
	 * @param zone the zone it signs
	 * @param ttl the DNSKEY TTL, in seconds
	 * @param state where the key stands
	 * @return the key with its DNSKEY
	 * @throws IllegalArgumentException with what to give instead
	 */
	public static SigningKey read(String text, Name zone, long ttl, KeyState state) {
		String key = text.trim();
		try {
			if (key.contains("Private-key-format:")) {
				return bind(key, zone, ttl, state);
			}
			if (key.contains("-----BEGIN")) {
				return signingKey(pem(key), zone, ttl, state);
			}
			return pkcs8(base64(key, "the key is neither a PEM, nor base64, nor BIND's private-key format"), zone,
					ttl, state);
		}
		catch (GeneralSecurityException | DNSSEC.DNSSECException ex) {
			throw new IllegalArgumentException("the key could not be read (" + ex.getClass().getSimpleName()
					+ "); give an ECDSA P-256 or Ed25519 private key as PKCS#8 ('openssl genpkey -algorithm EC "
					+ "-pkeyopt ec_paramgen_curve:P-256') or BIND's K*.private ('dnssec-keygen -a 13')");
		}
	}

	/**
	 * Read a peer's public key, as its DNSKEY record's data.
	 * @param text {@code <flags> 3 <algorithm> <base64>}, e.g. {@code 257 3 13 mdsswUyr3...}
	 * @param zone the zone
	 * @param ttl the DNSKEY TTL, in seconds
	 * @return the DNSKEY record
	 * @throws IllegalArgumentException with the form to use
	 */
	public static DNSKEYRecord peerKey(String text, Name zone, long ttl) {
		String[] fields = text.trim().split("\\s+", 4);
		try {
			if (fields.length != 4 || !fields[1].equals("3")) {
				throw new IllegalArgumentException();
			}
			DNSKEYRecord record = new DNSKEYRecord(zone, DClass.IN, ttl, Integer.parseInt(fields[0]),
					DNSKEYRecord.Protocol.DNSSEC, Integer.parseInt(fields[2]),
					Base64.getDecoder().decode(fields[3].replaceAll("\\s", "")));
			checkAlgorithm(record.getAlgorithm());
			record.getPublicKey();
			return record;
		}
		catch (IllegalArgumentException | DNSSEC.DNSSECException ex) {
			String why = (ex.getMessage() != null && ex instanceof IllegalArgumentException) ? ex.getMessage() + "; "
					: "";
			throw new IllegalArgumentException(why + "write a peer's key as its DNSKEY data, '257 3 13 <base64>' "
					+ "(the peer's /actuator/selfdns shows it)");
		}
	}

	private static SigningKey bind(String text, Name zone, long ttl, KeyState state)
			throws GeneralSecurityException, DNSSEC.DNSSECException {
		int algorithm = -1;
		byte[] privateKey = null;
		for (String line : text.split("\\R")) {
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).trim();
			if (field.equals("algorithm")) {
				algorithm = Integer.parseInt(value.split("\\s+")[0]);
			}
			else if (field.equals("privatekey")) {
				privateKey = base64(value, "BIND's PrivateKey line is not base64");
			}
		}
		if (algorithm < 0 || privateKey == null) {
			throw new IllegalArgumentException("BIND's private-key file needs its Algorithm and PrivateKey lines");
		}
		checkAlgorithm(algorithm);
		KeyPair pair = (algorithm == DNSSEC.Algorithm.ECDSAP256SHA256) ? p256(new BigInteger(1, privateKey))
				: ed25519(privateKey);
		return key(pair, algorithm, zone, ttl, state);
	}

	private static SigningKey pkcs8(byte[] der, Name zone, long ttl, KeyState state)
			throws GeneralSecurityException, DNSSEC.DNSSECException {
		PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
		PrivateKey privateKey;
		try {
			privateKey = KeyFactory.getInstance("EC").generatePrivate(spec);
		}
		catch (GeneralSecurityException ex) {
			privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(spec);
		}
		return signingKey(privateKey, zone, ttl, state);
	}

	private static SigningKey signingKey(PrivateKey privateKey, Name zone, long ttl, KeyState state)
			throws GeneralSecurityException, DNSSEC.DNSSECException {
		if (privateKey instanceof ECPrivateKey ec) {
			if (ec.getParams().getCurve().getField().getFieldSize() != 256 || !isP256(ec.getParams())) {
				throw new IllegalArgumentException("the ECDSA key is not on curve P-256 (algorithm 13 needs P-256)");
			}
			return key(p256(ec.getS()), DNSSEC.Algorithm.ECDSAP256SHA256, zone, ttl, state);
		}
		if (!(privateKey instanceof EdECPrivateKey ed)) {
			throw new IllegalArgumentException("the key is " + privateKey.getAlgorithm()
					+ ": give an ECDSA P-256 or Ed25519 private key (algorithm 13 or 15)");
		}
		byte[] seed = ed.getBytes().orElseThrow(() -> new IllegalArgumentException("the Ed25519 key has no seed"));
		return key(ed25519(seed), DNSSEC.Algorithm.ED25519, zone, ttl, state);
	}

	private static SigningKey key(KeyPair pair, int algorithm, Name zone, long ttl, KeyState state)
			throws DNSSEC.DNSSECException {
		DNSKEYRecord dnskey = new DNSKEYRecord(zone, DClass.IN, ttl, FLAGS, DNSKEYRecord.Protocol.DNSSEC, algorithm,
				pair.getPublic());
		return new SigningKey(dnskey, pair.getPrivate(), state);
	}

	private static void checkAlgorithm(int algorithm) {
		if (algorithm != DNSSEC.Algorithm.ECDSAP256SHA256 && algorithm != DNSSEC.Algorithm.ED25519) {
			throw new IllegalArgumentException("algorithm " + algorithm + " is not supported: use 13 (ECDSA P-256 "
					+ "SHA-256, recommended) or 15 (Ed25519)");
		}
	}

	private static ECParameterSpec p256Parameters() throws GeneralSecurityException {
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		return parameters.getParameterSpec(ECParameterSpec.class);
	}

	private static boolean isP256(ECParameterSpec spec) throws GeneralSecurityException {
		ECParameterSpec p256 = p256Parameters();
		return spec.getCurve().equals(p256.getCurve()) && spec.getGenerator().equals(p256.getGenerator());
	}

	/** The key pair of a P-256 private scalar: the public point is the scalar times the generator. */
	private static KeyPair p256(BigInteger scalar) throws GeneralSecurityException {
		ECParameterSpec spec = p256Parameters();
		if (scalar.signum() <= 0 || scalar.compareTo(spec.getOrder()) >= 0) {
			throw new IllegalArgumentException("the P-256 private key is out of range");
		}
		ECPoint point = P256.multiply(spec, scalar);
		KeyFactory factory = KeyFactory.getInstance("EC");
		PublicKey publicKey = factory.generatePublic(new ECPublicKeySpec(point, spec));
		PrivateKey privateKey = factory.generatePrivate(new ECPrivateKeySpec(scalar, spec));
		return new KeyPair(publicKey, privateKey);
	}

	/** The JDK derives an Ed25519 public key only when generating: give it the seed as its randomness. */
	private static KeyPair ed25519(byte[] seed) throws GeneralSecurityException {
		if (seed.length != 32) {
			throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, not " + seed.length);
		}
		KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
		generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
			@Override
			public void nextBytes(byte[] bytes) {
				System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
			}
		});
		return generator.generateKeyPair();
	}

	/**
	 * The private key of a PEM, read by Boot's PEM reader: PKCS#8 ({@code openssl genpkey}) and
	 * SEC1 EC ({@code openssl ecparam -genkey}, "BEGIN EC PRIVATE KEY") alike.
	 */
	private static PrivateKey pem(String text) {
		if (text.contains("ENCRYPTED PRIVATE KEY")) {
			throw new IllegalArgumentException("the PEM key is encrypted: give it unencrypted "
					+ "('openssl pkcs8 -topk8 -nocrypt'), from a secret store");
		}
		PrivateKey key;
		try {
			key = PemContent.of(text).getPrivateKey();
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("the PEM could not be read as a private key (" + ex.getMessage()
					+ "); give a 'PRIVATE KEY' (PKCS#8) or 'EC PRIVATE KEY' block");
		}
		if (key == null) {
			throw new IllegalArgumentException("the PEM holds no private key: give a 'PRIVATE KEY' (PKCS#8) or "
					+ "'EC PRIVATE KEY' block");
		}
		return key;
	}

	private static byte[] base64(String text, String problem) {
		try {
			return Base64.getDecoder().decode(text.replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(problem);
		}
	}

}
