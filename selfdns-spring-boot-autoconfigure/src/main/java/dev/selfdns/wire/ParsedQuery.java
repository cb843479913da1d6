package dev.selfdns.wire;

/**
 * A query as the wire carries it, parsed in place: header fields, the question, EDNS and its
 * NSID and COOKIE options. What becomes of the query is not kept here but in the query
 * chain's own exchange. One instance is owned by each listener thread and reused for every
 * query, so parsing allocates nothing. The question is kept as
 * bytes (its source array, offset and length) so it can be copied into the answer exactly as
 * it came, letter case included.
 */
public final class ParsedQuery {

	static final int MAX_NAME_LENGTH = 255;

	static final int MAX_LABELS = 128;

	/** The length of a client cookie (RFC 7873 section 4). */
	public static final int CLIENT_COOKIE_LENGTH = 8;

	/** A COOKIE option holds an 8-byte client cookie and an 8 to 32-byte server cookie. */
	public static final int MAX_COOKIE_LENGTH = 40;

	private static final int QUESTION_FIXED_LENGTH = 4;

	byte[] source = new byte[0];

	int questionOffset;

	int nameLength;

	final int[] labelOffsets = new int[MAX_LABELS];

	int labelCount;

	int id;

	int flags;

	int type;

	int dclass;

	boolean edns;

	int ednsPayload;

	int ednsVersion;

	boolean dnssecOk;

	/** Whether the query asked who answers (an NSID option, RFC 5001). */
	boolean nsidRequested;

	/** The COOKIE option's data (RFC 7873): the client cookie, then any server cookie. */
	final byte[] cookie = new byte[MAX_COOKIE_LENGTH];

	/** The length of the COOKIE option's data; 0 without one. */
	int cookieLength;

	/** Holds a question re-encoded by the fallback parser (compressed names in the query). */
	final byte[] scratch = new byte[MAX_NAME_LENGTH + QUESTION_FIXED_LENGTH];

	void reset() {
		this.type = 0;
		this.labelCount = 0;
		this.nameLength = 0;
		this.edns = false;
		this.ednsPayload = 0;
		this.ednsVersion = 0;
		this.dnssecOk = false;
		this.nsidRequested = false;
		this.cookieLength = 0;
	}

	/**
	 * The query id.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	/**
	 * The query type.
	 * @return the type, a dnsjava {@code Type} value
	 */
	public int type() {
		return this.type;
	}

	/**
	 * The query class.
	 * @return the class, a dnsjava {@code DClass} value
	 */
	public int dclass() {
		return this.dclass;
	}

	/**
	 * Whether the query carried an EDNS0 OPT record.
	 * @return {@code true} for EDNS queries
	 */
	public boolean edns() {
		return this.edns;
	}

	/**
	 * The UDP payload size the client advertised (0 without EDNS).
	 * @return the payload size
	 */
	public int ednsPayload() {
		return this.ednsPayload;
	}

	/**
	 * The EDNS version the query asked for (0 without EDNS).
	 * @return the version
	 */
	public int ednsVersion() {
		return this.ednsVersion;
	}

	/**
	 * The COOKIE option's data: the client cookie, then any server cookie. Read only; valid
	 * until the next query is parsed into this instance.
	 * @return the bytes, of which {@link #cookieLength()} are the option's
	 */
	public byte[] cookie() {
		return this.cookie;
	}

	/**
	 * The length of the COOKIE option's data.
	 * @return the length, 0 without a COOKIE option
	 */
	public int cookieLength() {
		return this.cookieLength;
	}

	/**
	 * Whether the message is an UPDATE (RFC 2136), which this server is not the primary for.
	 * @return {@code true} for opcode UPDATE
	 */
	public boolean isUpdate() {
		return QueryParser.opcode(this) == DnsHeader.OPCODE_UPDATE;
	}

	int questionLength() {
		return this.nameLength + QUESTION_FIXED_LENGTH;
	}

	boolean isLabelBoundary(int offsetInName) {
		for (int i = 0; i < this.labelCount; i++) {
			if (this.labelOffsets[i] == offsetInName) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Walk the labels of an uncompressed name, recording where each starts.
	 * @param bytes the bytes holding the name
	 * @param offset where the name starts
	 * @param limit the end of the readable bytes
	 * @return the name's wire length, {@code -1} for a compression pointer, {@code -2} for a
	 * name that is malformed (truncated, too long, reserved label type)
	 */
	int readName(byte[] bytes, int offset, int limit) {
		int position = offset;
		this.labelCount = 0;
		while (true) {
			if (position >= limit) {
				return -2;
			}
			int length = bytes[position] & 0xFF;
			if ((length & 0xC0) == 0xC0) {
				return -1;
			}
			if ((length & 0xC0) != 0) {
				return -2;
			}
			if (this.labelCount == MAX_LABELS) {
				return -2;
			}
			this.labelOffsets[this.labelCount++] = position - offset;
			position += length + 1;
			if (position - offset > MAX_NAME_LENGTH) {
				return -2;
			}
			if (length == 0) {
				return position - offset;
			}
		}
	}

}
