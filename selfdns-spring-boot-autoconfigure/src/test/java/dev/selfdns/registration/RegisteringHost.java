package dev.selfdns.registration;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import dev.selfdns.parent.ParentConnection;
import dev.selfdns.parent.ParentDelegation;
import dev.selfdns.parent.RegistrationException;
import dev.selfdns.parent.TsigKey;
import dev.selfdns.schedule.SelfDnsScheduler;
import dev.selfdns.ParentPrimary;
import dev.selfdns.gate.ServingGate;
import dev.selfdns.gate.WhenClosed;
import dev.selfdns.wire.AnswerTable;
import dev.selfdns.zone.HostIdentity;
import dev.selfdns.zone.ServiceZone;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * One host of {@code www.example.com} as the registration sees it: its live zone (name server
 * {@code h<i>.ns-www.example.com}, address {@code 127.0.0.<i>}), an open gate, and a
 * registration with the parent's primary through the built-in RFC 2136 registrar, with key
 * {@code h<i>.ns-www.example.com}. Counts the updates it sends.
 */
public final class RegisteringHost {

	final int index;

	final Name nameServer;

	final AnswerTable answers;

	final ServingGate gate = new ServingGate(WhenClosed.REFUSED, false);

	final SelfRegistration registration;

	final AtomicInteger updates = new AtomicInteger();

	private RegisteringHost(int index, Registrar registrar, DeregisterPolicy policy, int minNameServers) throws Exception {
		this.index = index;
		this.nameServer = nameServer(index);
		this.answers = new AnswerTable(ServiceZone.builder("www.example.com")
			.addresses(address(index))
			.nameServer(this.nameServer)
			.ownNameServer(this.nameServer)
			.build());
		this.gate.applicationReady();
		Registrar counting = new Counting(registrar, this.updates);
		this.registration = new SelfRegistration(new SelfDnsScheduler(), counting, this.answers, this.gate, new SelfRegistration.Settings(
				this.nameServer, 300, Duration.ofMinutes(5), policy, false, minNameServers), Clock.systemUTC(),
				System::nanoTime, 0);
	}

	static RegisteringHost of(int index, ParentPrimary parent, String secret) throws Exception {
		return of(index, parent, secret, DeregisterPolicy.ON_SHUTDOWN, 2);
	}

	static RegisteringHost of(int index, ParentPrimary parent, String secret, DeregisterPolicy policy,
			int minNameServers) throws Exception {
		return new RegisteringHost(index, registrar(parent, nameServer(index), secret, Clock.systemUTC(), null), policy,
				minNameServers);
	}

	static Rfc2136Registrar registrar(ParentPrimary parent, Name key, String secret, Clock clock, @Nullable Name zone) {
		return new Rfc2136Registrar(new ParentConnection(parent.address(),
				new TsigKey(key, TSIG.HMAC_SHA256, Base64.getDecoder().decode(secret)), Duration.ofSeconds(3), clock),
				zone);
	}

	public static Name nameServer(int index) {
		return Name.fromConstantString("h" + index + ".ns-www.example.com.");
	}

	static InetAddress address(int index) throws Exception {
		return InetAddress.getByName("127.0.0." + index);
	}

	/** Serve other addresses, as address discovery would. */
	void moveTo(InetAddress address) {
		this.answers.update((zone) -> zone.withIdentity(new HostIdentity(java.util.List.of(address),
				zone.identity().ownNameServer(), zone.identity().nsid())));
	}

	RegistrationStatus status() {
		return this.registration.status();
	}

	/** A registrar that counts the updates it sends (the registrar itself is the real one). */
	private record Counting(Registrar registrar, AtomicInteger updates) implements Registrar {

		@Override
		public ParentDelegation read(Name zone) throws RegistrationException {
			return this.registrar.read(zone);
		}

		@Override
		public void register(HostRecords host) throws RegistrationException {
			this.updates.incrementAndGet();
			this.registrar.register(host);
		}

		@Override
		public void deregister(HostRecords host, ParentDelegation expected) throws RegistrationException {
			this.updates.incrementAndGet();
			this.registrar.deregister(host, expected);
		}

		@Override
		public boolean isListed(ParentDelegation delegation, HostRecords host) {
			return this.registrar.isListed(delegation, host);
		}

		@Override
		public String server() {
			return this.registrar.server();
		}

		@Override
		public @Nullable Name zone() {
			return this.registrar.zone();
		}

	}

}
