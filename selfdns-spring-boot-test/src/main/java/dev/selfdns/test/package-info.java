/**
 * Test support for apps that use the selfdns starter: a DNS client for the app's own name
 * server and AssertJ assertions on its answers.
 */
@NullMarked
package dev.selfdns.test;

import org.jspecify.annotations.NullMarked;
