package dev.selfdns.wire;

import java.util.Arrays;

import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The general path: parses any query with dnsjava and applies the rules the fast path does
 * not see (several questions, records where a query has none, duplicate OPT records). The
 * question is re-encoded uncompressed, keeping its letter case.
 */
final class MessageQueryParser {

	ParseResult parse(byte[] bytes, int length, ParsedQuery query) {
		Message message;
		try {
			message = new Message(Arrays.copyOf(bytes, length));
		}
		catch (Exception ex) {
			// dnsjava reports bad wire data with IOExceptions and, for some inputs, runtime ones.
			return ParseResult.MALFORMED;
		}
		if (message.getHeader().getCount(Section.QUESTION) != 1
				|| message.getHeader().getCount(Section.ANSWER) != 0
				|| message.getHeader().getCount(Section.AUTHORITY) != 0) {
			return ParseResult.MALFORMED;
		}
		OPTRecord opt = null;
		for (Record record : message.getSection(Section.ADDITIONAL)) {
			if (record.getType() == Type.OPT) {
				// RFC 6891 section 6.1.1: more than one OPT, or one not owned by the root, is FORMERR.
				if (opt != null || !record.getName().equals(Name.root)) {
					return ParseResult.MALFORMED;
				}
				opt = (OPTRecord) record;
			}
		}
		Record question = message.getQuestion();
		DNSOutput out = new DNSOutput();
		question.getName().toWire(out, null);
		out.writeU16(question.getType());
		out.writeU16(question.getDClass());
		byte[] encoded = out.toByteArray();
		System.arraycopy(encoded, 0, query.scratch, 0, encoded.length);
		query.source = query.scratch;
		query.questionOffset = 0;
		query.nameLength = query.readName(query.scratch, 0, encoded.length);
		query.type = question.getType();
		query.dclass = question.getDClass();
		if (opt != null) {
			query.edns = true;
			query.ednsPayload = opt.getPayloadSize();
			query.ednsVersion = opt.getVersion();
			query.dnssecOk = (opt.getFlags() & Flags.DO) != 0;
			if (!readOptions(opt, query)) {
				return ParseResult.MALFORMED;
			}
		}
		return ParseResult.QUERY;
	}

	private static boolean readOptions(OPTRecord opt, ParsedQuery query) {
		for (EDNSOption option : opt.getOptions()) {
			if (option.getCode() == EDNSOption.Code.NSID) {
				query.nsidRequested = true;
			}
			else if (option.getCode() == EDNSOption.Code.COOKIE) {
				// dnsjava has checked the lengths already; the fast path's rules decide alike.
				byte[] data = option.toWire();
				if (!EdnsOptions.cookie(data, 4, data.length - 4, query)) {
					return false;
				}
			}
		}
		return true;
	}

}
