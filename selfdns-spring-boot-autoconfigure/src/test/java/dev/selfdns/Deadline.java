package dev.selfdns;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Polls until a condition holds or a deadline passes: tests wait for a state, never sleep for
 * a guessed time.
 */
public final class Deadline {

	private Deadline() {
	}

	/**
	 * Call {@code action} until its result satisfies {@code condition}.
	 * @return the first satisfying result
	 * @throws AssertionError with the last result if the deadline passes
	 */
	public static <T> T poll(Duration timeout, Callable<T> action, Predicate<T> condition) throws Exception {
		long end = System.nanoTime() + timeout.toNanos();
		T last;
		do {
			last = action.call();
			if (condition.test(last)) {
				return last;
			}
			Thread.sleep(20);
		}
		while (System.nanoTime() < end);
		throw new AssertionError("Condition not met within " + timeout + "; last value: " + last);
	}

}
