package org.presencegw.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    private static Optional<String> problem(Map<String, String> properties, Map<String, String> environment) {
        return LogFormat.problem(properties::get, environment::get);
    }

    @Test
    void unset_plainAndJson_areFine() {
        assertEquals(Optional.empty(), problem(Map.of(), Map.of()));
        assertEquals(Optional.empty(), problem(Map.of(), Map.of("GATEWAY_LOG_FORMAT", "json")));
        assertEquals(Optional.empty(), problem(Map.of("GATEWAY_LOG_FORMAT", "plain"), Map.of()));
    }

    @Test
    void unknownValue_oneLineNamingTheChoices() {
        assertEquals(Optional.of("GATEWAY_LOG_FORMAT must be plain or json, not \"JSON?\""),
                problem(Map.of(), Map.of("GATEWAY_LOG_FORMAT", "JSON\n")));
    }

    @Test
    void property_winsOverEnvironment_asInLogback() {
        assertEquals(Optional.empty(),
                problem(Map.of("GATEWAY_LOG_FORMAT", "json"), Map.of("GATEWAY_LOG_FORMAT", "xml")));
        assertEquals("GATEWAY_LOG_FORMAT must be plain or json, not \"xml\"",
                problem(Map.of("GATEWAY_LOG_FORMAT", "xml"), Map.of("GATEWAY_LOG_FORMAT", "json")).orElseThrow());
    }
}
