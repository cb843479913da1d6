package dev.selfdns.autoconfigure;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import dev.selfdns.zone.NameServer;
import org.xbill.DNS.Name;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds one entry of the NS set: a name server name, followed by its addresses when the name
 * lies inside the zone ({@code ns1.www.example.com 192.0.2.1 2001:db8::1}).
 */
final class NameServerConverter implements Converter<String, NameServer> {

	private final IpLiteralConverter addresses = new IpLiteralConverter();

	@Override
	public NameServer convert(String source) {
		String[] parts = source.trim().split("\\s+");
		Name name = HostNameConverter.hostName(parts[0]);
		List<InetAddress> addresses = new ArrayList<>();
		for (int i = 1; i < parts.length; i++) {
			addresses.add(this.addresses.convert(parts[i]).address());
		}
		return new NameServer(name, addresses);
	}

}
