package dev.selfdns.dnssec;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * Scalar multiplication on P-256, in affine coordinates: only to derive a public key from a
 * private one once, when keys are read (the JDK has no API for it). Not constant-time, which
 * is fine for a key this host already holds, computed once, never on request.
 */
final class P256 {

	private static final BigInteger TWO = BigInteger.valueOf(2);

	private static final BigInteger THREE = BigInteger.valueOf(3);

	private P256() {
	}

	static ECPoint multiply(ECParameterSpec spec, BigInteger scalar) {
		BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
		BigInteger a = spec.getCurve().getA();
		ECPoint result = ECPoint.POINT_INFINITY;
		ECPoint addend = spec.getGenerator();
		for (int i = 0; i < scalar.bitLength(); i++) {
			if (scalar.testBit(i)) {
				result = add(result, addend, p, a);
			}
			addend = add(addend, addend, p, a);
		}
		return result;
	}

	private static ECPoint add(ECPoint first, ECPoint second, BigInteger p, BigInteger a) {
		if (first.equals(ECPoint.POINT_INFINITY)) {
			return second;
		}
		if (second.equals(ECPoint.POINT_INFINITY)) {
			return first;
		}
		BigInteger x1 = first.getAffineX();
		BigInteger y1 = first.getAffineY();
		BigInteger x2 = second.getAffineX();
		BigInteger y2 = second.getAffineY();
		BigInteger slope;
		if (x1.equals(x2)) {
			if (!y1.equals(y2) || y1.signum() == 0) {
				return ECPoint.POINT_INFINITY;
			}
			slope = THREE.multiply(x1.pow(2)).add(a).multiply(TWO.multiply(y1).modInverse(p)).mod(p);
		}
		else {
			slope = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
		}
		BigInteger x3 = slope.pow(2).subtract(x1).subtract(x2).mod(p);
		BigInteger y3 = slope.multiply(x1.subtract(x3)).subtract(y1).mod(p);
		return new ECPoint(x3, y3);
	}

}
