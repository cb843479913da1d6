/**
 * Work done on a schedule, off the query path: reading health and load, and the lifecycles
 * of work that runs once per zone.
 */
@NullMarked
package dev.selfdns.schedule;

import org.jspecify.annotations.NullMarked;
