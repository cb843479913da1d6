/**
 * The fleet: what a host knows of its peers (their state, from the probe name each answers)
 * and what follows from it (failing open when no peer answers).
 */
@NullMarked
package dev.selfdns.fleet;

import org.jspecify.annotations.NullMarked;
