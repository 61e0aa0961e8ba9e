package org.presencegw.gateway.config;

import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipSectionTest {
    @TempDir
    Path dir;

    private ConfigException withSip(String extraLines) {
        return failure(dir, BASE.replace("  port: 5060\n", "  port: 5060\n" + extraLines));
    }

    @Test
    void parse_missingListen_namesSection() {
        assertProblem(failure(dir, BASE.replace("  listen: 127.0.0.1\n", "")), 1, "sip: missing key 'listen'");
    }

    @Test
    void parse_badListenAddress_rejected() {
        assertProblem(failure(dir, BASE.replace("listen: 127.0.0.1", "listen: 300.1.2.3")), 2,
                "'300.1.2.3' is neither an IP address nor a host name");
    }

    @Test
    void parse_listenWithUnderscore_rejected() {
        assertProblem(failure(dir, BASE.replace("listen: 127.0.0.1", "listen: my_host")), 2,
                "sip.listen: 'my_host' is neither");
    }

    @Test
    void parse_portNotNumber_wrongType() {
        assertProblem(failure(dir, BASE.replace("port: 5060", "port: abc")), 3,
                "sip.port: expected an integer, found a string");
    }

    @Test
    void parse_portDecimal_wrongType() {
        assertProblem(failure(dir, BASE.replace("port: 5060", "port: 5060.5")), 3,
                "expected an integer, found a decimal number");
    }

    @Test
    void parse_portAboveRange_outOfRange() {
        assertProblem(failure(dir, BASE.replace("port: 5060", "port: 70000")), 3,
                "sip.port: 70000 is out of range (1..65535)");
    }

    @Test
    void parse_portZero_outOfRange() {
        assertProblem(failure(dir, BASE.replace("port: 5060", "port: 0")), 3, "0 is out of range (1..65535)");
    }

    @Test
    void parse_portHuge_outOfRangeNotOverflow() {
        assertProblem(failure(dir, BASE.replace("port: 5060", "port: 99999999999")), 3, "out of range");
    }

    @Test
    void parse_transportsScalar_expectedList() {
        assertProblem(withSip("  transports: udp\n"), 4, "sip.transports: expected a list, found a string");
    }

    @Test
    void parse_transportsEmpty_rejected() {
        assertProblem(withSip("  transports: []\n"), 4, "at least one transport is required");
    }

    @Test
    void parse_transportUnknown_rejected() {
        assertProblem(withSip("  transports: [udp, sctp]\n"), 4,
                "unknown transport 'sctp' (expected udp, tcp, tls, ws or wss)");
    }

    @Test
    void parse_transportTwice_rejected() {
        assertProblem(withSip("  transports:\n    - tcp\n    - tcp\n"), 6, "transport 'tcp' is listed twice");
    }

    @Test
    void parse_minAboveDefault_namesRule() {
        assertProblem(withSip("  default_expires: 300\n  min_expires: 600\n"), 5,
                "min_expires (600) must not exceed default_expires (300)");
    }

    @Test
    void parse_defaultAboveMax_namesRule() {
        assertProblem(withSip("  default_expires: 90000\n"), 4,
                "default_expires (90000) must not exceed max_expires (86400)");
    }

    @Test
    void parse_maxBelowDefaultDefault_pointsAtMax() {
        assertProblem(withSip("  max_expires: 1000\n"), 4,
                "default_expires (3600) must not exceed max_expires (1000)");
    }

    @Test
    void parse_minExpiresZero_outOfRange() {
        assertProblem(withSip("  min_expires: 0\n"), 4, "sip.min_expires: 0 is out of range");
    }

    @Test
    void parse_expiresNegative_outOfRange() {
        assertProblem(withSip("  max_expires: -5\n"), 4, "sip.max_expires: -5 is out of range");
    }

    @Test
    void parse_listenEmpty_missingValue() {
        assertProblem(failure(dir, BASE.replace("listen: 127.0.0.1", "listen:")), 2,
                "sip.listen: expected a string, found no value");
    }
}
