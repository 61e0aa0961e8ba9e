package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.USER_DOMAIN;
import static org.presencegw.gateway.it.Watch.TIMEOUT;
import static org.presencegw.gateway.it.Watch.activeWith;
import static org.presencegw.gateway.it.Watch.until;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;

/**
 * Registration-derived presence end to end (CONFORMANCE PRS-09, REG-05/06/08/11/14): the gateway in-process serving
 * only the registrar domain {@code sip.test} (min_expires 2 s), JAIN-SIP watchers and registering UAs on loopback,
 * and one registration by a real third-party client, SIPp. Each test uses its own AOR, so the tests do not see
 * each other's NOTIFYs.
 */
class RegistrarPresenceIT {
    private static final int MIN_EXPIRES = 2;
    private static final Path SIPP = Path.of("/usr/bin/sipp");

    @RegisterExtension
    static final GatewayFixture GW = GatewayFixture.builder().registrarOnly().minExpires(MIN_EXPIRES).build();

    private static SipTestAgent agent(Transport transport) {
        return GW.agent(transport);
    }

    private static String aor(String user) {
        return "sip:" + user + "@" + USER_DOMAIN;
    }

    /** Subscribes to the AOR and waits for the 200 and the first NOTIFY: active, one closed tuple. */
    private static void watchClosed(SipTestAgent watcher, String user) {
        watcher.subscribe(aor(user), "sip:watcher@" + USER_DOMAIN, 300, Map.of());
        assertEquals(200, watcher.awaitResponse(TIMEOUT).getStatusCode());
        ReceivedNotify first = until(watcher, user + " closed", activeWith("closed"));
        assertEquals(1, Watch.tupleIds(first).size());
    }

    /** Sends a REGISTER for {@code user} (Request-URI the domain, To the AOR) and returns the final response. */
    private static Response register(SipTestAgent ua, String user, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("To", "<" + aor(user) + ">");
        all.put("From", "<" + aor(user) + ">;tag=reg" + user);
        ua.send(Request.REGISTER, "sip:" + USER_DOMAIN, all, Optional.empty());
        return ua.awaitResponse(TIMEOUT);
    }

    private static String contactOf(SipTestAgent ua, String user) {
        return "<sip:" + user + "@127.0.0.1:" + ua.port() + ">";
    }

    /** Contact header values of a 200, lower-cased, e.g. {@code <sip:carol@127.0.0.1:5062>;expires=60}. */
    private static List<String> listed(Response r) {
        List<String> out = new ArrayList<>();
        ListIterator<?> contacts = r.getHeaders(ContactHeader.NAME);
        contacts.forEachRemaining(h -> {
            String line = h.toString().trim();
            out.add(line.substring(line.indexOf(':') + 1).trim());
        });
        return out;
    }

    private static Response ok(Response r) {
        assertEquals(200, r.getStatusCode(), r.toString());
        return r;
    }

    @Test
    @DisplayName("REG-11: PRS-09")
    void registerAddRemoveWildcard_watcherSeesOneTuplePerContact_thenClosed() {
        try (SipTestAgent watcher = agent(Transport.UDP); SipTestAgent phone = agent(Transport.UDP)) {
            watchClosed(watcher, "carol");

            Response first = ok(register(phone, "carol", Map.of("Contact", contactOf(phone, "carol"),
                    "Expires", "60")));
            List<String> one = listed(first);
            assertEquals(1, one.size(), one.toString());
            assertTrue(one.get(0).contains("sip:carol@127.0.0.1:" + phone.port()) && one.get(0).contains("expires="),
                    one.toString());
            assertTrue(first.getHeader("Date") != null, "REG-11: Date");
            until(watcher, "carol open", activeWith("open"));

            ok(register(phone, "carol", Map.of("Contact", contactOf(phone, "carol-desk"), "Expires", "60")));
            ReceivedNotify two = until(watcher, "two contacts", activeWith("open", "open"));
            assertEquals(2, Watch.tupleIds(two).stream().distinct().count());

            Response removed = ok(register(phone, "carol",
                    Map.of("Contact", contactOf(phone, "carol-desk") + ";expires=0")));
            assertEquals(1, listed(removed).size(), listed(removed).toString());
            until(watcher, "one contact left", activeWith("open"));

            ok(register(phone, "carol", Map.of("Contact", contactOf(phone, "carol-desk"), "Expires", "60")));
            until(watcher, "two contacts again", activeWith("open", "open"));
            Response cleared = ok(register(phone, "carol", Map.of("Contact", "*", "Expires", "0")));
            assertEquals(List.of(), listed(cleared));
            until(watcher, "all removed", activeWith("closed"));
        }
    }

    @Test
    @DisplayName("REG-14")
    void bindingNotRefreshed_expires_watcherSeesClosedWithinSeconds() {
        try (SipTestAgent watcher = agent(Transport.TCP); SipTestAgent phone = agent(Transport.UDP)) {
            watchClosed(watcher, "dave");
            ok(register(phone, "dave", Map.of("Contact", contactOf(phone, "dave"), "Expires", "2")));
            Instant registered = Instant.now();
            until(watcher, "dave open", activeWith("open"));
            until(watcher, "dave expired", activeWith("closed"));
            Duration after = Duration.between(registered, Instant.now());
            assertTrue(after.compareTo(Duration.ofMillis(1500)) >= 0, "closed only once the binding lapsed: " + after);
            assertTrue(after.compareTo(Duration.ofSeconds(10)) < 0, "closed about one sweep after expiry: " + after);
        }
    }

    @Test
    @DisplayName("REG-08")
    void tooBrief_is423WithMinExpires_andNothingIsBound() {
        try (SipTestAgent phone = agent(Transport.UDP)) {
            Response r = register(phone, "erin", Map.of("Contact", contactOf(phone, "erin"), "Expires", "1"));
            assertEquals(423, r.getStatusCode(), r.toString());
            String min = r.getHeader("Min-Expires").toString();
            assertEquals(Integer.toString(MIN_EXPIRES), min.substring(min.indexOf(':') + 1).trim());
            assertEquals(List.of(), listed(ok(register(phone, "erin", Map.of("Contact", "")))));
        }
    }

    @Test
    @DisplayName("REG-05")
    void queryWithoutContact_listsEveryBindingWithExpires() {
        try (SipTestAgent phone = agent(Transport.UDP)) {
            ok(register(phone, "frank", Map.of("Contact", contactOf(phone, "frank"), "Expires", "120")));
            ok(register(phone, "frank", Map.of("Contact", contactOf(phone, "frank-desk"), "Expires", "300")));
            List<String> all = listed(ok(register(phone, "frank", Map.of("Contact", ""))));
            assertEquals(2, all.size(), all.toString());
            assertTrue(all.stream().anyMatch(c -> c.contains("frank@") && c.matches(".*expires=1[12][0-9].*")),
                    all.toString());
            assertTrue(all.stream().anyMatch(c -> c.contains("frank-desk@") && c.matches(".*expires=[23][0-9][0-9].*")),
                    all.toString());
        }
    }

    @Test
    void sippRegisters_exitsZero_andWatcherSeesOpen(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(SIPP), "SIPp (Debian sip-tester) is needed at " + SIPP);
        Path scenario = dir.resolve("register.xml");
        try (InputStream in = getClass().getResourceAsStream("/sipp/register.xml")) {
            Files.copy(in, scenario);
        }
        Path csv = dir.resolve("users.csv");
        Files.writeString(csv, "SEQUENTIAL\ngrace;" + USER_DOMAIN + ";open\n", StandardCharsets.US_ASCII);
        try (SipTestAgent watcher = agent(Transport.UDP)) {
            watchClosed(watcher, "grace");
            List<String> cmd = List.of(SIPP.toString(), "127.0.0.1:" + GW.sipPort(), "-sf", scenario.toString(),
                    "-inf", csv.toString(), "-m", "1", "-t", "u1", "-i", "127.0.0.1",
                    "-p", Integer.toString(FreePorts.pick()), "-nostdin", "-timeout", "20s", "-timeout_error",
                    "-trace_err");
            Path out = dir.resolve("sipp.out");
            Process sipp = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            try {
                boolean exited = sipp.waitFor(30, TimeUnit.SECONDS);
                assertTrue(exited, "sipp did not finish within 30 s");
                assertEquals(0, sipp.exitValue(), "sipp failed:\n" + tail(out));
            } finally {
                if (sipp.isAlive()) {
                    sipp.destroyForcibly();
                }
            }
            ReceivedNotify open = until(watcher, "grace open after sipp's REGISTER", activeWith("open"));
            assertEquals(1, Watch.tupleIds(open).size());
        }
    }

    private static String tail(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
