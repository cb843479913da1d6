package dev.selfdns.dnssec;

import dev.selfdns.wire.AnswerTable;

/**
 * DNSSEC's work for one zone of several: its signing, the refresh and clock rule that act on
 * its own gate, and the check that its peers and parent agree on its keys.
 *
 * @param answers the zone's answer table
 * @param signing what signs it
 * @param refresher its refresh and clock rule
 * @param keyCheck its fleet check
 */
public record ZoneSignature(AnswerTable answers, DnssecSigning signing, SignatureRefresher refresher,
		FleetKeyCheck keyCheck) {

}
