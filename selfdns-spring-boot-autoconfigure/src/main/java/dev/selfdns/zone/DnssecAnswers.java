package dev.selfdns.zone;

import java.util.List;

import org.xbill.DNS.Name;

/**
 * The answers of a signed zone to queries that ask for DNSSEC records (DO=1, RFC 4035 section
 * 3.1), made from signatures prepared ahead of time. Names that exist are answered by name; a
 * name that does not exist (or that a wildcard zone synthesizes) by where it falls in the NSEC
 * chain and by its closest encloser, since those decide the proofs it needs.
 */
public interface DnssecAnswers {

	/**
	 * The answer at a name that exists: the apex, an in-zone name server, an empty non-terminal.
	 * @param name the name
	 * @param type the query type
	 * @return the records with their RRSIGs and, for NODATA, the NSEC proof
	 */
	ZoneAnswer answer(Name name, int type);

	/**
	 * The probe name's answer in a state of this host.
	 * @param state the state
	 * @param type the query type
	 * @return the answer, signed
	 */
	ZoneAnswer probe(HostState state, int type);

	/**
	 * The owners of the NSEC chain, in canonical order (RFC 4034 section 6.1): a name that does
	 * not exist falls after exactly one of them.
	 * @return the owners, the apex first
	 */
	List<Name> owners();

	/**
	 * The answer for a name that does not exist, or that a wildcard zone answers.
	 * @param kind {@link ZoneNode#WILDCARD} or {@link ZoneNode#NONEXISTENT}
	 * @param interval the index in {@link #owners()} of the last owner before the name
	 * @param encloser the name's closest encloser: the apex, or the existing name it lies below
	 * @param name the name asked for (the owner of synthesized records)
	 * @param type the query type
	 * @return the answer with its proofs
	 */
	ZoneAnswer variable(ZoneNode kind, int interval, Name encloser, Name name, int type);

}
