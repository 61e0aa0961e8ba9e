package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.stack.StrictMessageParser;
import org.presencegw.sip.testing.Awaiting;

/**
 * A peer that puts new header names in every datagram. The RI keeps every header name it ever parsed in a static
 * cache; before {@link StrictMessageParser} bounded it, 2000 such datagrams (640 names each, 16 MB in all) filled
 * the gateway's 256 MiB heap and left it deaf (a plain OPTIONS got no answer). Now the cache stays bounded
 * and the server answers a plain OPTIONS afterwards.
 */
class HeaderNameFloodIT {

    private static final int DATAGRAMS = 3000;
    private static final int NAMES_PER_DATAGRAM = 600;

    @Test
    void newHeaderNamesInEveryDatagram_namesHeldBounded_serverStillAnswers() throws Exception {
        // The per-source request rate out of the way: the flood comes from one address, as the ping after it.
        try (TortureFixture fx = new TortureFixture("127.0.0.1", s -> s.setLimits(new Limits(200, 500_000, 10,
                1_000_000, 32)));
             RawUdpPeer peer = new RawUdpPeer(fx.server.port())) {
            for (int i = 0; i < DATAGRAMS; i++) {
                StringBuilder m = new StringBuilder(head("flood-" + i, peer.port()));
                for (int j = 0; j < NAMES_PER_DATAGRAM; j++) {
                    m.append('X').append(Integer.toHexString(i)).append('-').append(Integer.toHexString(j))
                            .append(": a\r\n");
                }
                peer.send(m.append("Content-Length: 0\r\n\r\n").toString());
                if (i % 20 == 19) {
                    Thread.sleep(2); // let the listeners keep up: datagrams the kernel drops would prove nothing
                }
            }
            awaitBounded();
            try (RawUdpPeer ping = new RawUdpPeer(fx.server.port())) {
                String status = null;
                for (int attempt = 0; attempt < 10 && !"SIP/2.0 200 OK".equals(status); attempt++) {
                    ping.send(head("ping-" + attempt, ping.port()) + "Content-Length: 0\r\n\r\n");
                    status = statusLine(ping.collect(Duration.ofSeconds(1)), "ping-" + attempt);
                }
                assertEquals("SIP/2.0 200 OK", status);
            }
            // Datagrams of the flood may still be in the listeners' hands: a message adds its names before it ends
            // and trims the cache after, so the bound holds at rest, once all are handled.
            awaitBounded();
        }
    }

    /** Without the bound the cache held every name of the flood (1.8 million) and never came back under it. */
    private static void awaitBounded() {
        Awaiting.within(Duration.ofSeconds(20), "the RI's header name cache at most "
                + StrictMessageParser.HEADER_NAMES_KEPT + " names")
                .until(() -> StrictMessageParser.headerNamesCached() >= 0
                        && StrictMessageParser.headerNamesCached() <= StrictMessageParser.HEADER_NAMES_KEPT);
    }

    private static String head(String callId, int port) {
        return "OPTIONS sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";rport;branch=z9hG4bK" + callId + "\r\n"
                + "From: <sip:peer@example.com>;tag=" + callId + "\r\nTo: <sip:example.com>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n";
    }

    /** The status line of the answer with this Call-ID among {@code datagrams}, or null. */
    private static String statusLine(List<String> datagrams, String callId) {
        for (String d : datagrams) {
            if (RawUdpPeer.header(d, "Call-ID").filter(callId::equals).isPresent()) {
                return d.substring(0, d.indexOf("\r\n"));
            }
        }
        return null;
    }
}
