package dev.selfdns.parent;

/**
 * A failed exchange with the parent's primary. The message says what happened and how to fix
 * it; it never contains the key's secret.
 */
public class RegistrationException extends Exception {

	private final RegistrationProblem problem;

	/**
	 * Create the exception.
	 * @param problem what went wrong
	 * @param message what happened and the fix
	 */
	public RegistrationException(RegistrationProblem problem, String message) {
		super(message);
		this.problem = problem;
	}

	public RegistrationProblem problem() {
		return this.problem;
	}

}
