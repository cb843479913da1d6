/**
 * What keeps the name server from being used against others or worn down: DNS cookies
 * (RFC 7873, RFC 9018) and response rate limiting.
 */
@NullMarked
package dev.selfdns.protection;

import org.jspecify.annotations.NullMarked;
