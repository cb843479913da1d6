package dev.selfdns.registration;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The registration as the endpoint shows it.
 *
 * @param state where the host stands
 * @param server where it registers
 * @param zone the parent zone, {@code null} while not known
 * @param nameServer this host's name server name
 * @param lastResult what the last attempt did, or its error with the fix
 * @param lastAttempt when the parent was last asked, {@code null} if never
 * @param lastVerified when a read-back last showed this host listed, {@code null} if never
 * @param parentNameServers the NS set the parent served at the last read
 */
public record RegistrationStatus(RegistrationState state, String server, @Nullable Name zone, Name nameServer,
		String lastResult, @Nullable Instant lastAttempt, @Nullable Instant lastVerified,
		List<Name> parentNameServers) {

	public RegistrationStatus {
		parentNameServers = List.copyOf(parentNameServers);
	}

}
