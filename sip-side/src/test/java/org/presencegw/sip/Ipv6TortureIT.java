package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.AgentOptions;
import org.presencegw.sip.testing.SipTestAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 5118 IPv6 torture messages (the sendable {@code wire/} copies, in {@code src/test/resources/sip-torture/ipv6})
 * sent as UDP datagrams from {@code ::1} to a server listening on {@code ::1}: each answer must be one the manifest
 * allows, and the server still answers an IPv6 watcher's OPTIONS afterwards. Eleven of the twelve share one branch,
 * which the RI would take for retransmissions (docs/STACK.md §7), so each message gets a fresh server.
 */
class Ipv6TortureIT {

    private static final Logger LOG = LoggerFactory.getLogger(Ipv6TortureIT.class);
    private static final Duration REPLY_WAIT = Duration.ofSeconds(4);
    private static final Pattern CALL_ID = Pattern.compile("(?im)^(?:call-id|i)[ \\t]*:[ \\t]*(\\S+)");

    /**
     * Where JAIN-SIP RI 1.3.0-91 answers otherwise than the manifest, pinned so that a change is noticed:
     * ipv6-bad ({@code REGISTER sip:2001:db8::10}, brackets missing): the RI's parser reads the Request-URI as
     * {@code sip:[2001:db8::10]} and hands over a repaired request, so the raw line never reaches us; this fixture
     * serves no registrar, hence 405 instead of 400 (issue 10's stricter parser is the way to 400).
     */
    private static final Map<String, String> RI_DEVIATIONS = Map.of("ipv6-bad", "405");

    record Row(String file, String method, String accept) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String line : new String(resource("MANIFEST.tsv"), StandardCharsets.UTF_8).split("\n")) {
            String[] cols = line.split("\t");
            if (cols.length >= 7 && !cols[0].equals("file")) {
                rows.add(new Row(cols[0], cols[3], cols[6]));
            }
        }
        return rows.stream();
    }

    private static byte[] resource(String name) {
        try (InputStream in = Ipv6TortureIT.class.getResourceAsStream("/sip-torture/ipv6/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource ipv6/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rfc5118Message_overIpv6Loopback_allowedAnswerAndServerStillAlive(Row row) throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (NetworkFixture fx = NetworkFixture.listening("::1");
             ReplyCatcher replies = new ReplyCatcher(new InetSocketAddress(v6, fx.port(Transport.UDP)), v6)) {
            byte[] message = resource(row.file());
            Optional<String> callId = callId(new String(message, StandardCharsets.ISO_8859_1));
            replies.send(message);
            String outcome = outcome(replies, callId);
            LOG.info("RFC 5118 {} -> {} (manifest accepts {})", row.file(), outcome, row.accept());
            String pinned = RI_DEVIATIONS.get(row.file());
            if (pinned != null) {
                assertEquals(pinned, outcome, "pinned RI deviation for " + row.file());
            } else {
                assertTrue(allowed(row.accept(), outcome), row.file() + " answered " + outcome
                        + ", manifest accepts " + row.accept());
            }
            try (SipTestAgent agent = SipTestAgent.start(Transport.UDP, "::1", fx.port(Transport.UDP),
                    AgentOptions.defaults().bind("::1"))) {
                agent.options("sip:ping@[::1]");
                assertEquals(200, agent.awaitResponse(NetworkFixture.WAIT).getStatusCode(), "alive after "
                        + row.file());
            }
        }
    }

    private static Optional<String> callId(String message) {
        Matcher m = CALL_ID.matcher(message.split("\r\n\r\n", 2)[0]);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The first final status for this Call-ID, or {@code no-reply}. */
    private static String outcome(ReplyCatcher replies, Optional<String> callId) {
        long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> reply = replies.await(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (reply.isEmpty()) {
                break;
            }
            String[] status = reply.get().split("\r\n", 2)[0].split(" ");
            boolean ours = callId.isEmpty() || callId.equals(callId(reply.get()));
            if (ours && status.length >= 2 && status[0].startsWith("SIP/") && !status[1].startsWith("1")) {
                return status[1];
            }
        }
        return "no-reply";
    }

    /** {@code process}: handled as well-formed, so never 400 and no server error but 501. */
    private static boolean allowed(String accept, String outcome) {
        for (String option : accept.split("\\|")) {
            if (option.equals(outcome) || (option.equals("process") && !outcome.equals("no-reply")
                    && !outcome.equals("400") && (outcome.charAt(0) != '5' || outcome.equals("501")))) {
                return true;
            }
        }
        return false;
    }
}
