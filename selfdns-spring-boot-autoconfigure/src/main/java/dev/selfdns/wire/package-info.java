/**
 * The DNS wire format on the query path: parsing queries in place, the prepared answers of the
 * zone and the live table that swaps them, and the writer that splices them per query. Knows
 * nothing of policy: the query chain decides what is written.
 */
@NullMarked
package dev.selfdns.wire;

import org.jspecify.annotations.NullMarked;
