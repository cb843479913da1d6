package dev.selfdns.protection;

/**
 * SipHash-2-4 (Aumasson and Bernstein), the keyed hash RFC 9018 uses for server cookies. The
 * JDK has none. The state never leaves {@link #hash}, so the JIT keeps it in registers.
 */
final class SipHash24 {

	private long v0;

	private long v1;

	private long v2;

	private long v3;

	private SipHash24(long k0, long k1) {
		this.v0 = k0 ^ 0x736f6d6570736575L;
		this.v1 = k1 ^ 0x646f72616e646f6dL;
		this.v2 = k0 ^ 0x6c7967656e657261L;
		this.v3 = k1 ^ 0x7465646279746573L;
	}

	/**
	 * Hash a byte range.
	 * @param k0 the first half of the key (bytes 0-7, little-endian)
	 * @param k1 the second half of the key (bytes 8-15, little-endian)
	 * @param data the bytes
	 * @param offset where they start
	 * @param length how many
	 * @return the 64-bit hash
	 */
	static long hash(long k0, long k1, byte[] data, int offset, int length) {
		SipHash24 state = new SipHash24(k0, k1);
		int whole = offset + length - (length % 8);
		for (int i = offset; i < whole; i += 8) {
			state.compress(littleEndian(data, i, 8));
		}
		// The last block carries the remaining bytes and the length in its top byte.
		state.compress(((long) length << 56) | littleEndian(data, whole, length % 8));
		state.v2 ^= 0xff;
		state.rounds(4);
		return state.v0 ^ state.v1 ^ state.v2 ^ state.v3;
	}

	private void compress(long block) {
		this.v3 ^= block;
		rounds(2);
		this.v0 ^= block;
	}

	private void rounds(int count) {
		for (int i = 0; i < count; i++) {
			this.v0 += this.v1;
			this.v1 = Long.rotateLeft(this.v1, 13) ^ this.v0;
			this.v0 = Long.rotateLeft(this.v0, 32);
			this.v2 += this.v3;
			this.v3 = Long.rotateLeft(this.v3, 16) ^ this.v2;
			this.v0 += this.v3;
			this.v3 = Long.rotateLeft(this.v3, 21) ^ this.v0;
			this.v2 += this.v1;
			this.v1 = Long.rotateLeft(this.v1, 17) ^ this.v2;
			this.v2 = Long.rotateLeft(this.v2, 32);
		}
	}

	static long littleEndian(byte[] data, int offset, int count) {
		long value = 0;
		for (int i = count - 1; i >= 0; i--) {
			value = (value << 8) | (data[offset + i] & 0xFFL);
		}
		return value;
	}

}
