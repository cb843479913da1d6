/**
 * Self-registration: this host's NS record and glue kept in each zone's parent (RFC 2136, or a
 * {@link dev.selfdns.registration.Registrar} of the user's), and the janitor that removes silent hosts.
 */
@NullMarked
package dev.selfdns.registration;

import org.jspecify.annotations.NullMarked;
