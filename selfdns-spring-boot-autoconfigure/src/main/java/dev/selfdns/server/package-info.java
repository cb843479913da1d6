/**
 * UDP and TCP listeners and the lifecycle that binds them.
 */
@NullMarked
package dev.selfdns.server;

import org.jspecify.annotations.NullMarked;
