/**
 * The parent zone as a host reads and writes it over DNS: the connection to its servers (UDP,
 * TCP, TSIG), the delegation read back, and what can go wrong there.
 */
@NullMarked
package dev.selfdns.parent;

import org.jspecify.annotations.NullMarked;
