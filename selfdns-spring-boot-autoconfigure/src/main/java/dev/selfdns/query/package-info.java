/**
 * The query chain: parse, gate, EDNS and cookies, the zone's prepared answer, load shaping,
 * rate limiting, then the bytes to send. The one place that knows every per-query policy.
 */
@NullMarked
package dev.selfdns.query;

import org.jspecify.annotations.NullMarked;
