package dev.selfdns.sample;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.selfdns.zone.ServiceZone;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Says which host served the request, so a client can see where DNS sent it.
 */
@RestController
class HostController {

	private final ServiceZone zone;

	HostController(ServiceZone zone) {
		this.zone = zone;
	}

	@GetMapping(path = "/", produces = "text/plain")
	String host() {
		return "Served by " + hostName() + ", which answers DNS for " + this.zone.origin() + " with "
				+ this.zone.addresses().stream().map(InetAddress::getHostAddress).toList() + "\n";
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
