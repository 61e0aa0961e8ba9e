package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;
import static org.presencegw.gateway.config.ConfigFixtures.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.sip.api.BlfLamp;
import org.presencegw.sip.api.BlfSettings;
import org.presencegw.sip.api.EventSettings;

/** {@code sip.notify_interval_ms} and the {@code blf:} section (issue 12). */
class EventsSectionTest {
    @TempDir
    Path dir;

    private static String withSip(String lines) {
        return BASE.replace("  port: 5060\n", "  port: 5060\n" + lines);
    }

    @Test
    void defaults_dialogServed_fiveSecondPacing_genericByUserAgent() throws Exception {
        EventSettings events = load(dir, BASE).events();
        assertEquals(new EventSettings(true, Duration.ofSeconds(5), BlfSettings.DEFAULTS), events);
    }

    @Test
    void everyKey_parsed() throws Exception {
        String yaml = withSip("  notify_interval_ms: 1000\n") + """
                blf:
                  enabled: true
                  profile: Yealink
                  by_user_agent: false
                  away: busy
                  unavailable: held
                """;
        assertEquals(new EventSettings(true, Duration.ofSeconds(1), new BlfSettings("yealink", false,
                Optional.of(BlfLamp.BUSY), Optional.of(BlfLamp.HELD))), load(dir, yaml).events());
    }

    @Test
    void notifyIntervalZero_pacingOff_blfDisabled() throws Exception {
        EventSettings events = load(dir, withSip("  notify_interval_ms: 0\n") + "blf:\n  enabled: false\n").events();
        assertEquals(Duration.ZERO, events.notifyInterval());
        assertEquals(false, events.dialog());
    }

    @Test
    void notifyInterval_negativeOrTooLong_outOfRange() {
        assertProblem(failure(dir, withSip("  notify_interval_ms: -1\n")), 4,
                "sip.notify_interval_ms: -1 is out of range (0..600000)");
        assertProblem(failure(dir, withSip("  notify_interval_ms: 5s\n")), 4,
                "sip.notify_interval_ms: expected an integer");
    }

    @Test
    void blf_unknownProfile_namesTheKnownOnes() {
        assertProblem(failure(dir, BASE + "blf:\n  profile: avaya\n"), 15,
                "blf.profile: unknown profile 'avaya' (expected one of generic, yealink, polycom, snom,"
                        + " grandstream, cisco)");
    }

    @Test
    void blf_badLampBadBooleanUnknownKey_oneLineErrors() {
        assertProblem(failure(dir, BASE + "blf:\n  away: red\n"), 15,
                "blf.away: unknown lamp 'red' (expected idle, busy or held)");
        assertProblem(failure(dir, BASE + "blf:\n  by_user_agent: yes please\n"), 15,
                "blf.by_user_agent: expected true or false");
        assertProblem(failure(dir, BASE + "blf:\n  lamps: many\n"), 15, "blf");
    }
}
