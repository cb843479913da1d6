/**
 * The service zone as data: its names, records and the answer to every question, built with dnsjava.
 */
@NullMarked
package dev.selfdns.zone;

import org.jspecify.annotations.NullMarked;
