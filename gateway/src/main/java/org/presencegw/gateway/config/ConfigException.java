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
        super(file + (line.isPresent() ? ":" + line.getAsInt() : "") + ": " + problem, null, false, false);
        this.file = file;
        this.line = line;
        this.problem = problem;
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
