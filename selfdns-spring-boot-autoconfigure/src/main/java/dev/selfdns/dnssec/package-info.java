/**
 * DNSSEC: the zone's signing keys, read from PKCS#8 or BIND's private-key files, and the
 * signatures made with them ahead of time, off the query path.
 */
@NullMarked
package dev.selfdns.dnssec;

import org.jspecify.annotations.NullMarked;
