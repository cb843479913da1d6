package dev.selfdns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real command-line DNS tool (dig, kdig, delv, dnsviz, ...). Where the tool is missing, the test is
 * skipped with the package to install, except in CI, where a missing tool is a failure: CI
 * installs it, and a silent skip would hide a test that never ran.
 */
public final class CommandLineTool {

	private final String name;

	private final String debianPackage;

	private CommandLineTool(String name, String debianPackage) {
		this.name = name;
		this.debianPackage = debianPackage;
	}

	public static CommandLineTool dig() {
		return new CommandLineTool("dig", "bind9-dnsutils");
	}

	public static CommandLineTool kdig() {
		return new CommandLineTool("kdig", "knot-dnsutils");
	}

	public static CommandLineTool dnssecKeygen() {
		return new CommandLineTool("dnssec-keygen", "bind9-utils");
	}

	public static CommandLineTool dnssecDsfromkey() {
		return new CommandLineTool("dnssec-dsfromkey", "bind9-utils");
	}

	public static CommandLineTool delv() {
		return new CommandLineTool("delv", "bind9-dnsutils");
	}

	public static CommandLineTool dnsviz() {
		return new CommandLineTool("dnsviz", "dnsviz");
	}

	public static CommandLineTool nsupdate() {
		return new CommandLineTool("nsupdate", "bind9-dnsutils");
	}

	public static CommandLineTool openssl() {
		return new CommandLineTool("openssl", "openssl");
	}

	/**
	 * Run the tool and return what it printed.
	 */
	public String run(String... arguments) throws IOException, InterruptedException {
		return runWithInput("", arguments);
	}

	/**
	 * Run the tool with text on its standard input (nsupdate's commands) and return what it printed.
	 */
	public String runWithInput(String input, String... arguments) throws IOException, InterruptedException {
		String path = locate();
		List<String> command = new ArrayList<>();
		command.add(path);
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (var stdin = process.getOutputStream()) {
			stdin.write(input.getBytes(StandardCharsets.UTF_8));
		}
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(this.name + " did not finish within 90 seconds: " + command);
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private String locate() {
		return locate(this.name, this.debianPackage);
	}

	/**
	 * The path of an installed program, daemons in /usr/sbin included. Where it is missing the
	 * test is skipped with the package to install, except in CI, where that is a failure.
	 * @param name the program, e.g. {@code named}
	 * @param debianPackage the Debian package that installs it
	 * @return the path
	 */
	public static String locate(String name, String debianPackage) {
		List<String> directories = new ArrayList<>(
				List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
		directories.add("/usr/sbin");
		for (String directory : directories) {
			File candidate = new File(directory, name);
			if (candidate.canExecute()) {
				return candidate.getPath();
			}
		}
		String message = name + " is not installed (Debian package " + debianPackage + ")";
		if ("true".equals(System.getenv("CI"))) {
			throw new AssertionError(message + "; CI must install it");
		}
		Assumptions.abort(message);
		return name;
	}

}
