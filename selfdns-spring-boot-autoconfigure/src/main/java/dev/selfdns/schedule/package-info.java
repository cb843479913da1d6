/**
 * Work done on a schedule, off the query path: reading health and load.
 */
@NullMarked
package dev.selfdns.schedule;

import org.jspecify.annotations.NullMarked;
