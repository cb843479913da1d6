package dev.selfdns.query;

/**
 * The transport a query came over.
 */
public enum DnsTransport {

	UDP, TCP

}
