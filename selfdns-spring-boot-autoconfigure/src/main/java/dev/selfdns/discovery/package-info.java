/**
 * Address discovery: this host's addresses read from an interface or the cloud's instance
 * metadata, and followed when they change.
 */
@NullMarked
package dev.selfdns.discovery;

import org.jspecify.annotations.NullMarked;
