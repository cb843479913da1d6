/**
 * Client networks: how resolvers are grouped into networks (a /24, a /56) and placed, shared by
 * rate limiting, load shaping and the TCP per-client cap.
 */
@NullMarked
package dev.selfdns.net;

import org.jspecify.annotations.NullMarked;
