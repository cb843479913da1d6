/**
 * Whether the name server answers: readiness, health, drain and shutdown folded into one snapshot.
 */
@NullMarked
package dev.selfdns.gate;

import org.jspecify.annotations.NullMarked;
