/**
 * A small web app that is the name server of its own service subdomain.
 */
@NullMarked
package dev.selfdns.sample;

import org.jspecify.annotations.NullMarked;
