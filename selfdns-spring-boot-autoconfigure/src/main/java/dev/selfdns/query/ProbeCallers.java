package dev.selfdns.query;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The addresses that recently asked this host for its state ({@code _selfdns.<zone>} TXT): its
 * peers' probes. A peer this host does not know yet (one that registered after it, and learned
 * of it from the parent) shows up here first. A small ring, written on the query path without a
 * lock or an allocation, read off it by the fleet.
 */
public final class ProbeCallers {

	private static final int SIZE = 16;

	private final AtomicReferenceArray<@Nullable InetAddress> recent = new AtomicReferenceArray<>(SIZE);

	private final AtomicInteger next = new AtomicInteger();

	/**
	 * A probe came from this address.
	 * @param caller the address, {@code null} if unknown
	 */
	void heard(@Nullable InetAddress caller) {
		if (caller != null) {
			this.recent.lazySet(this.next.getAndIncrement() & (SIZE - 1), caller);
		}
	}

	/**
	 * The addresses heard lately, at most {@value #SIZE}, and forget them.
	 * @return the addresses
	 */
	public List<InetAddress> drain() {
		List<InetAddress> callers = new ArrayList<>();
		for (int i = 0; i < SIZE; i++) {
			InetAddress caller = this.recent.getAndSet(i, null);
			if (caller != null && !callers.contains(caller)) {
				callers.add(caller);
			}
		}
		return callers;
	}

}
