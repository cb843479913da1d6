package dev.selfdns.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Where this host's addresses are read from when they are discovered rather than configured:
 * a network interface or a cloud's instance metadata. Read off the query path, by
 * {@link AddressDiscovery}.
 */
public interface AddressSource {

	/**
	 * Read the addresses now.
	 * @return the addresses, empty if the source has none
	 * @throws IOException if the source cannot be read
	 */
	List<InetAddress> read() throws IOException;

	/**
	 * What to tell the operator when the source has no address at start-up.
	 * @return the advice
	 */
	default String whenEmpty() {
		return "it returned no address; set selfdns.addresses instead";
	}

	/**
	 * The source, for logs.
	 * @return e.g. {@code aws instance metadata at http://169.254.169.254}
	 */
	String describe();

}
