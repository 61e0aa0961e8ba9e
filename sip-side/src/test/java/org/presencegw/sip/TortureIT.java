package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.SipTestAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every RFC 4475 torture message (byte-exact copies in {@code src/test/resources/sip-torture}) as one UDP
 * datagram to a running server. The server must survive each one (a good OPTIONS is still answered 200) and its
 * answer must be one the manifest's {@code accept} column allows (49 of 49). The server serves example.com with a
 * fake presence source and a registrar (no authentication, unknown users allowed), as the manifest's README asks.
 * Replies are caught wherever RFC 3261 18.2.2 sends them (see {@link ReplyCatcher}): the messages carry no
 * {@code rport}, so UDP answers go to the received address at the Via port (5060), not to the source port.
 */
class TortureIT {

    private static final Logger LOG = LoggerFactory.getLogger(TortureIT.class);
    private static final Duration REPLY_WAIT = Duration.ofSeconds(4);
    private static final Duration QUIET = Duration.ofMillis(700);

    /**
     * Where the answer may differ from the manifest: nowhere. The gaps the RI's parser left (SIP/7.0 reported as
     * SIP/2.0, repeated single-valued headers, two Content-Length values) are closed by
     * {@link org.presencegw.sip.stack.StrictMessageParser}; the fixture serves a registrar for example.com, so
     * REGISTER messages are judged by it; bext01 (top Via claims TLS, arrived over UDP) is answered 420 over the
     * transport it came by. {@code no-reply} means nothing for this Call-ID arrived at any place RFC 3261 18.2.2
     * sends answers to.
     */
    private static final Map<String, String> RI_DEVIATIONS = Map.of();

    private static TortureFixture fx;
    private static SipTestAgent agent;
    private static ReplyCatcher replies;

    record Row(String file, String method, String accept) {
        @Override
        public String toString() {
            return file;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        fx = new TortureFixture();
        agent = fx.agent(Transport.UDP);
        replies = new ReplyCatcher(new java.net.InetSocketAddress("127.0.0.1", fx.server.port()));
    }

    @AfterAll
    static void stop() {
        replies.close();
        fx.close();
        agent.close();
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String manifest = new String(resource("MANIFEST.tsv"), StandardCharsets.UTF_8);
        for (String line : manifest.split("\n")) {
            String[] cols = line.split("\t");
            if (cols.length < 7 || cols[0].equals("file")) {
                continue;
            }
            rows.add(new Row(cols[0], cols[3], cols[6]));
        }
        return rows.stream();
    }

    private static byte[] resource(String name) {
        try (InputStream in = TortureIT.class.getResourceAsStream("/sip-torture/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "TORT {0}")
    @MethodSource("rows")
    @DisplayName("TORT-01..25, UAS-01, TRN-02, TRN-04: RFC 4475 message answered as the manifest allows, alive")
    void tortureMessage_sentAsDatagram_allowedAnswerAndServerStillAlive(Row row) {
        while (replies.await(Duration.ofMillis(1)).isPresent()) {
            LOG.debug("drained a late reply");
        }
        byte[] message = resource(row.file());
        freshServerIfBranchSeen(new String(message, StandardCharsets.ISO_8859_1));
        Optional<String> callId = callId(new String(message, StandardCharsets.ISO_8859_1));
        replies.send(message);
        String outcome = outcome(callId);
        callId.ifPresent(SENT_CALL_IDS::add);
        LOG.info("torture {} -> {} (manifest accepts {})", row.file(), outcome, row.accept());
        String expected = RI_DEVIATIONS.get(row.file());
        if (expected != null) {
            assertEquals(expected, outcome, "pinned RI deviation for " + row.file());
        } else {
            assertTrue(allowed(row.accept(), outcome), row.file() + " answered " + outcome + ", manifest accepts "
                    + row.accept());
        }
        agent.options("sip:ping@example.com");
        assertEquals(200, agent.awaitResponse(ServerFixture.WAIT).getStatusCode(), "server alive after "
                + row.file());
    }

    /** Branches (lower case) sent to the current server instance. */
    private static final java.util.Set<String> SENT_BRANCHES = new java.util.HashSet<>();
    private static final java.util.regex.Pattern BRANCH = java.util.regex.Pattern.compile("(?i)branch=([^;,\\s]+)");

    /**
     * 22 of the RFC 4475 messages reuse the branch {@code z9hG4bKkdjuw}. The RI matches server transactions by branch
     * alone (RFC 3261 17.2.3 also compares sent-by and method), so within a transaction's lifetime it would take
     * such a message for a retransmission and answer nothing new. Each message that repeats a branch therefore goes
     * to a freshly started server, so that every message is judged on its own.
     */
    private static void freshServerIfBranchSeen(String message) {
        var m = BRANCH.matcher(message.split("\r\n\r\n", 2)[0]);
        if (!m.find()) {
            return;
        }
        String branch = m.group(1).toLowerCase(java.util.Locale.ROOT);
        if (SENT_BRANCHES.add(branch)) {
            return;
        }
        try {
            agent.close();
            fx.close();
            fx = new TortureFixture();
            agent = fx.agent(Transport.UDP);
            replies.target(new java.net.InetSocketAddress("127.0.0.1", fx.server.port()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart the server: " + e, e);
        }
        SENT_BRANCHES.clear();
        SENT_BRANCHES.add(branch);
        SENT_CALL_IDS.clear();
    }

    /** Call-IDs of earlier files, whose retransmitted final responses (INVITE, no ACK) must be ignored. */
    private static final java.util.Set<String> SENT_CALL_IDS = new java.util.HashSet<>();
    private static final java.util.regex.Pattern CALL_ID =
            java.util.regex.Pattern.compile("(?im)^(?:call-id|i)[ \\t]*:[ \\t]*(\\S+)");

    private static Optional<String> callId(String message) {
        var m = CALL_ID.matcher(message.split("\r\n\r\n", 2)[0]);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The first final status to this message received on the raw socket, or {@code no-reply}. */
    private static String outcome(Optional<String> sentCallId) {
        long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
        Duration wait = QUIET;
        // Stale INVITE retransmissions (never ACKed) may arrive meanwhile: keep listening until quiet.
        while (System.nanoTime() < deadline) {
            Optional<String> reply = replies.await(wait);
            if (reply.isEmpty()) {
                return "no-reply";
            }
            Optional<String> replyCallId = callId(reply.get());
            boolean ours = sentCallId.isPresent() ? sentCallId.equals(replyCallId)
                    : replyCallId.map(id -> !SENT_CALL_IDS.contains(id)).orElse(true);
            String[] statusLine = reply.get().split("\r\n", 2)[0].split(" ");
            if (ours && statusLine.length >= 2 && statusLine[0].startsWith("SIP/") && !statusLine[1].startsWith("1")) {
                return statusLine[1];
            }
        }
        return "no-reply";
    }

    /** {@code process} = handled as well-formed: never 400, never a server error other than 501/505. */
    private static boolean allowed(String accept, String outcome) {
        for (String option : accept.split("\\|")) {
            if (option.equals(outcome)) {
                return true;
            }
            if (option.equals("process") && !outcome.equals("no-reply") && !outcome.equals("400")
                    && (outcome.charAt(0) != '5' || outcome.equals("501") || outcome.equals("505"))) {
                return true;
            }
        }
        return false;
    }
}
