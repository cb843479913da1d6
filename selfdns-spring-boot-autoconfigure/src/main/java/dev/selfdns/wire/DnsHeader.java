package dev.selfdns.wire;

/**
 * Offsets and bits of the 12-byte DNS header (RFC 1035 section 4.1.1).
 */
final class DnsHeader {

	static final int LENGTH = 12;

	static final int FLAG_QR = 0x8000;

	static final int FLAG_AA = 0x0400;

	static final int FLAG_TC = 0x0200;

	static final int FLAG_RD = 0x0100;

	static final int FLAG_CD = 0x0010;

	static final int OPCODE_MASK = 0x7800;

	static final int OPCODE_SHIFT = 11;

	static final int OPCODE_QUERY = 0;

	static final int OPCODE_UPDATE = 5;

	static final int QDCOUNT = 4;

	static final int ANCOUNT = 6;

	static final int NSCOUNT = 8;

	static final int ARCOUNT = 10;

	/** A compression pointer to offset 12: the question name. */
	static final int POINTER_TO_QUESTION = 0xC00C;

	private DnsHeader() {
	}

	static int u16(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
	}

	static void putU16(byte[] bytes, int offset, int value) {
		bytes[offset] = (byte) (value >>> 8);
		bytes[offset + 1] = (byte) value;
	}

}
