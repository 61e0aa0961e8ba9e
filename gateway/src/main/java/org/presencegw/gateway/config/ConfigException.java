package org.presencegw.gateway.config;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A configuration problem, reported as one line: {@code FILE:LINE: problem} (line when known). The message is
 * what the operator sees; there is no stack trace.
 */
public final class ConfigException extends Exception {
    private final Path file;
    private final OptionalInt line;
    private final String problem;

    public ConfigException(Path file, OptionalInt line, String problem) {
        super(file + (line.isPresent() ? ":" + line.getAsInt() : "") + ": " + oneLine(problem), null, false, false);
        this.file = file;
        this.line = line;
        this.problem = oneLine(problem);
    }

    /**
     * The problem on one line, whatever the file held: a value quoted into it may carry line breaks or control
     * characters (found by {@code ConfigLoaderFuzzTest}); they are shown escaped ({@code \n}, {@code \x07}).
     */
    static String oneLine(String problem) {
        StringBuilder out = new StringBuilder(problem.length());
        for (int i = 0; i < problem.length(); i++) {
            char c = problem.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public Path file() {
        return file;
    }

    public OptionalInt line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
