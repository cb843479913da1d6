package dev.selfdns.wire;

/**
 * The part of a response that does not depend on the query: response code, flags, section
 * counts and the encoded sections after the question. Its names point at the question only
 * where the question name is known (offset 12), so any query of the same kind can reuse it.
 *
 * @param rcode the response code
 * @param authoritative whether AA is set
 * @param answerCount records in the answer section
 * @param authorityCount records in the authority section
 * @param additionalCount records in the additional section, OPT not counted
 * @param sections the encoded answer, authority and additional sections
 */
public record PreparedAnswer(int rcode, boolean authoritative, int answerCount, int authorityCount,
		int additionalCount, byte[] sections) {

}
