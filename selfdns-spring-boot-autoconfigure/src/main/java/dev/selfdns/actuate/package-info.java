/**
 * The actuator side: the {@code selfdns} endpoint (state, counters, drain and resume) and the
 * {@code selfdns} health component.
 */
@NullMarked
package dev.selfdns.actuate;

import org.jspecify.annotations.NullMarked;
