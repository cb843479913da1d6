package dev.selfdns.sample;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.selfdns.zone.IpAddresses;
import dev.selfdns.zone.ServiceZone;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Says which host served the request, so a client can see where DNS sent it.
 */
@RestController
class HostController {

	private final @Nullable ServiceZone zone;

	// No zone with selfdns.enabled=false: the app still serves, as it would without the starter.
	HostController(ObjectProvider<ServiceZone> zone) {
		this.zone = zone.getIfAvailable();
	}

	@GetMapping(path = "/", produces = "text/plain")
	String host() {
		if (this.zone == null) {
			return "Served by " + hostName() + ", which does not answer DNS (selfdns.enabled=false)\n";
		}
		return "Served by " + hostName() + ", which answers DNS for " + this.zone.origin() + " with "
				+ this.zone.addresses().stream().map(IpAddresses::format).toList() + "\n";
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "an unnamed host";
		}
	}

}
