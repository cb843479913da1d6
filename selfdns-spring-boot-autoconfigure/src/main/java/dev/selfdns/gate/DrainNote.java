package dev.selfdns.gate;

import org.jspecify.annotations.Nullable;

/**
 * An operator's note on a drain, made safe to log and show: control characters are written as
 * escapes, so a newline in it cannot forge a log line, and it is cut at {@value #MAX_LENGTH}
 * characters, so a megabyte of it cannot fill the log.
 */
final class DrainNote {

	/** Enough for a ticket number and a sentence. */
	static final int MAX_LENGTH = 200;

	private static final String CUT = "...";

	private DrainNote() {
	}

	static @Nullable String of(@Nullable String note) {
		if (note == null || note.isBlank()) {
			return null;
		}
		String text = note.strip();
		StringBuilder safe = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			String piece = escape(text.charAt(i));
			if (safe.length() + piece.length() > MAX_LENGTH) {
				return safe.append(CUT).toString();
			}
			safe.append(piece);
		}
		return safe.toString();
	}

	private static String escape(char c) {
		return switch (c) {
			case '\n' -> "\\n";
			case '\r' -> "\\r";
			case '\t' -> "\\t";
			case '\\' -> "\\\\";
			default -> isControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
		};
	}

	/** Control characters, and the format and separator characters that move or hide text. */
	private static boolean isControl(char c) {
		int type = Character.getType(c);
		return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR;
	}

}
