package dev.selfdns.zone;

import java.util.List;

import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The answer to one question, before it is put on the wire.
 *
 * @param rcode the response code ({@link Rcode})
 * @param authoritative whether the AA flag is set
 * @param answer the answer section
 * @param authority the authority section
 * @param additional the additional section
 */
public record ZoneAnswer(int rcode, boolean authoritative, List<Record> answer, List<Record> authority,
		List<Record> additional) {

	public ZoneAnswer {
		answer = List.copyOf(answer);
		authority = List.copyOf(authority);
		additional = List.copyOf(additional);
	}

	static ZoneAnswer refused() {
		return new ZoneAnswer(Rcode.REFUSED, false, List.of(), List.of(), List.of());
	}

	static ZoneAnswer positive(List<Record> answer, List<Record> additional) {
		return new ZoneAnswer(Rcode.NOERROR, true, answer, List.of(), additional);
	}

	static ZoneAnswer negative(int rcode, Record soa) {
		return new ZoneAnswer(rcode, true, List.of(), List.of(soa), List.of());
	}

}
