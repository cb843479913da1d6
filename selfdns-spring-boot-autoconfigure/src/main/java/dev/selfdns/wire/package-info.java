/**
 * The DNS wire format on the query path: parsing queries, prepared answers spliced per query, EDNS.
 */
@NullMarked
package dev.selfdns.wire;

import org.jspecify.annotations.NullMarked;
