/**
 * What a host knows of its peers: their state, from the probe name each answers, and the NS set
 * read from the parent; what follows from it (failing open only on a peer's word).
 */
@NullMarked
package dev.selfdns.peers;

import org.jspecify.annotations.NullMarked;
