package dev.selfdns.wire;

/**
 * What parsing a datagram or TCP message found.
 */
public enum ParseResult {

	/** A well-formed standard query, ready to answer. */
	QUERY,

	/** Not a standard query (opcode other than QUERY). */
	OTHER_OPCODE,

	/** Has a header but is not a valid query: answer FORMERR. */
	MALFORMED,

	/** Shorter than a header, or a response: never answered. */
	IGNORE,

	/** Valid shape the fast parser does not handle; the fallback parser decides. */
	UNUSUAL

}
