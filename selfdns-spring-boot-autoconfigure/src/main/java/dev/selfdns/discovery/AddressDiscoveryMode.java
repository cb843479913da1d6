package dev.selfdns.discovery;

/**
 * Where this host's addresses come from.
 */
public enum AddressDiscoveryMode {

	/** {@code selfdns.addresses}, as configured. */
	STATIC,

	/** The addresses of one network interface. */
	INTERFACE,

	/** Amazon EC2's instance metadata (IMDSv2): the public IPv4 address and the IPv6 address. */
	AWS,

	/** Google Compute Engine's instance metadata: the external IPv4 address. */
	GCP,

	/** Azure's instance metadata: the public IPv4 address (Basic SKU only; see the docs). */
	AZURE

}
