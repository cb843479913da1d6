package dev.selfdns.metrics;

/**
 * The transport a query came over.
 */
public enum DnsTransport {

	UDP, TCP

}
