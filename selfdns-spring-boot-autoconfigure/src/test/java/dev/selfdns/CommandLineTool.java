package dev.selfdns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real command-line DNS tool (dig, kdig). Where the tool is missing, the test is
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

	public static CommandLineTool openssl() {
		return new CommandLineTool("openssl", "openssl");
	}

	/**
	 * Run the tool and return what it printed.
	 */
	public String run(String... arguments) throws IOException, InterruptedException {
		String path = locate();
		List<String> command = new ArrayList<>();
		command.add(path);
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(this.name + " did not finish within 90 seconds: " + command);
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private String locate() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(directory, this.name);
			if (candidate.canExecute()) {
				return candidate.getPath();
			}
		}
		String message = this.name + " is not installed (Debian package " + this.debianPackage + ")";
		if ("true".equals(System.getenv("CI"))) {
			throw new AssertionError(message + "; CI must install it");
		}
		Assumptions.abort(message);
		return this.name;
	}

}
