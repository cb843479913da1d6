/**
 * Auto-configuration and configuration properties for selfdns.
 */
@NullMarked
package dev.selfdns.autoconfigure;

import org.jspecify.annotations.NullMarked;
