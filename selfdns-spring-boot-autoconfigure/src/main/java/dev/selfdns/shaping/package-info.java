/**
 * Load shaping: Micrometer meters folded into a load score, and the per-query decision that
 * steers resolvers away from a busy host (a share of resolver networks shed, or every answer
 * delayed), with the timer that sends delayed answers.
 */
@NullMarked
package dev.selfdns.shaping;

import org.jspecify.annotations.NullMarked;
