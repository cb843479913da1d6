package dev.selfdns.query;

import org.xbill.DNS.Type;

/**
 * The query types counted apart; everything else is {@link #OTHER}. Few on purpose: tags
 * stay low-cardinality.
 */
public enum QueryType {

	A, AAAA, NS, SOA, OTHER;

	/**
	 * The counted type of a DNS type.
	 * @param type a dnsjava {@code Type} value (0 when the question was not read)
	 * @return the counted type
	 */
	public static QueryType of(int type) {
		return switch (type) {
			case Type.A -> A;
			case Type.AAAA -> AAAA;
			case Type.NS -> NS;
			case Type.SOA -> SOA;
			default -> OTHER;
		};
	}

}
