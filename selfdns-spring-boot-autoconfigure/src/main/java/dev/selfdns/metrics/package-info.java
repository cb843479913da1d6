/**
 * Micrometer binders: meters over the query counters, the gates, the peers and the delayed
 * answers. Nothing on the query path imports this package.
 */
@NullMarked
package dev.selfdns.metrics;

import org.jspecify.annotations.NullMarked;
