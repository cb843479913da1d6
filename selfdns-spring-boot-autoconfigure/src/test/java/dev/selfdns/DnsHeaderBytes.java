package dev.selfdns;

/**
 * Reads header fields from raw messages in tests.
 */
public final class DnsHeaderBytes {

	private DnsHeaderBytes() {
	}

	public static int id(byte[] message) {
		return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
	}

	public static int rcode(byte[] message) {
		return message[3] & 0x0F;
	}

}
