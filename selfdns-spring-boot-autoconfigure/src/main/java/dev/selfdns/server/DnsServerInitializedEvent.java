package dev.selfdns.server;

import org.springframework.context.ApplicationEvent;

/**
 * Published once the name server's listeners are bound, so the real port of a server started
 * on port 0 can be read.
 */
public class DnsServerInitializedEvent extends ApplicationEvent {

	public DnsServerInitializedEvent(DnsServer server) {
		super(server);
	}

	public DnsServer getServer() {
		return (DnsServer) getSource();
	}

}
