/**
 * Query counters kept on the query path without locks, and their Micrometer meters.
 */
@NullMarked
package dev.selfdns.metrics;

import org.jspecify.annotations.NullMarked;
