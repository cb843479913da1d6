package dev.selfdns.registration;

import dev.selfdns.parent.ParentDelegation;
import dev.selfdns.parent.RegistrationException;
import dev.selfdns.parent.RegistrationProblem;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Writes this host's records into the parent zone and reads the delegation back. The built-in
 * one speaks RFC 2136 to the parent's primary ({@link Rfc2136Registrar}); define a bean of this
 * type to register through a managed DNS provider's API instead. A host only ever adds or
 * removes its own NS record and replaces its own address records; it never writes the NS set
 * as a whole.
 */
public interface Registrar {

	/**
	 * Read the delegation as the parent serves it now.
	 * @param zone the service zone
	 * @return the NS set and the addresses the parent holds
	 * @throws RegistrationException if the parent cannot be read
	 */
	ParentDelegation read(Name zone) throws RegistrationException;

	/**
	 * Add this host's NS record and replace its address records, in one atomic change. Adding
	 * records that are already there changes nothing.
	 * @param host this host's records
	 * @throws RegistrationException if the parent refuses or fails
	 */
	void register(HostRecords host) throws RegistrationException;

	/**
	 * Remove this host's NS record and address records, only if the NS set is still exactly
	 * the one read (a compare-and-swap), so hosts leaving at once cannot take the set below its
	 * minimum.
	 * @param host this host's records
	 * @param expected the delegation just read
	 * @throws RegistrationException with {@link RegistrationProblem#CHANGED} if the NS set
	 * changed since it was read, or if the parent refuses or fails
	 */
	void deregister(HostRecords host, ParentDelegation expected) throws RegistrationException;

	/**
	 * Remove another host's NS record, only if the NS set is still exactly the one read: the
	 * janitor's removal of a host that has been silent for its grace period. Its address
	 * records are its own and stay (no longer referenced, they send no one anywhere).
	 * @param zone the service zone
	 * @param nameServer the silent host's name server name
	 * @param expected the delegation just read
	 * @throws RegistrationException with {@link RegistrationProblem#CHANGED} if the NS set
	 * changed since it was read, or if the parent refuses or fails
	 */
	default void removeNameServer(Name zone, Name nameServer, ParentDelegation expected) throws RegistrationException {
		deregister(new HostRecords(zone, nameServer, java.util.List.of(), 0), expected);
	}

	/**
	 * Whether a delegation lists this host as it should be: its NS record, and its addresses
	 * wherever this registrar writes them.
	 * @param delegation the delegation read
	 * @param host this host's records
	 * @return whether nothing needs writing
	 */
	boolean isListed(ParentDelegation delegation, HostRecords host);

	/**
	 * Where this registrar writes, for the endpoint and logs.
	 * @return e.g. {@code 192.0.2.53:53}
	 */
	String server();

	/**
	 * The parent zone written to.
	 * @return the zone, {@code null} while not yet known
	 */
	@Nullable Name zone();

}
