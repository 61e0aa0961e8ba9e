package org.presencegw.gateway;

import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code GATEWAY_LOG_FORMAT}: {@code plain} (default) or {@code json}, the name of the appender {@code logback.xml}
 * logs to. Checked before anything logs, because logback answers an unknown appender name with a log that stays
 * silent. Like logback, a system property wins over the environment variable.
 */
final class LogFormat {
    static final String VARIABLE = "GATEWAY_LOG_FORMAT";
    private static final Set<String> FORMATS = Set.of("plain", "json");

    private LogFormat() {
    }

    /** What is wrong with the configured format, if anything: one line. */
    static Optional<String> problem(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String value = properties.apply(VARIABLE);
        if (value == null) {
            value = environment.apply(VARIABLE);
        }
        if (value == null || FORMATS.contains(value)) {
            return Optional.empty();
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return Optional.of(VARIABLE + " must be plain or json, not \"" + shown.replaceAll("\\p{Cntrl}", "?")
                + "\"");
    }
}
