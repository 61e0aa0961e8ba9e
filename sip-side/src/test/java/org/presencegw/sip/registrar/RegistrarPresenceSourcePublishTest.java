package org.presencegw.sip.registrar;

import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.testing.TestClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.registrar.RegisterRequests.register;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.SipUserState;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.publish.PublishBody;
import org.presencegw.sip.publish.PublishOutcome;
import org.presencegw.sip.publish.PublishRequest;

/** Published state over registration state, and the reverse-direction user states (PUB-08, PUB-11). */
class RegistrarPresenceSourcePublishTest {

    private static final SipAddress BOB = SipAddress.of("bob", "reg.example");
    private static final SipAddress ALICE = SipAddress.of("alice", "sip.example");
    private static final String BUSY = """
            <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:bob@reg.example">
              <tuple id="t1"><status><basic>open</basic></status></tuple>
              <dm:person id="p1"><rpid:activities><rpid:busy/></rpid:activities><dm:note>Meeting</dm:note></dm:person>
            </presence>
            """;

    private final TestClock clock = TestClock.fixedAt(Instant.parse("2025-01-01T10:00:00Z"));
    private final RegistrarConfig config = new RegistrarConfig(Set.of("reg.example"), new ExpiryPolicy(3600, 1, 7200));
    private final Registrar registrar = new Registrar(config, new InMemoryRegistrationTable());
    private final PublicationStore store = new PublicationStore(new ExpiryPolicy(600, 1, 3600),
            RegistrarPresenceSource.publishable(config, UserDirectory.OPEN), new SecureRandom());
    private final List<PresenceState> published = new ArrayList<>();
    private final List<SipUserState> states = new ArrayList<>();
    private final RegistrarPresenceSource source = new RegistrarPresenceSource(registrar, store,
            (view, state) -> published.add(state), clock);

    RegistrarPresenceSourcePublishTest() {
        source.onUserState(states::add);
    }

    private String publishBusy(String expires) {
        PublishOutcome.Success ok = assertInstanceOf(PublishOutcome.Success.class, store.process(
                new PublishRequest(BOB.uri(), Optional.of("presence"), List.of(), Optional.of(expires),
                        Optional.of(new PublishBody("application/pidf+xml", BUSY.getBytes(StandardCharsets.UTF_8)))),
                clock.instant()));
        ok.change().ifPresent(source::onPublicationChange);
        return ok.etag().orElseThrow();
    }

    private static PresenceDocument document(PresenceState state) {
        return assertInstanceOf(PresenceState.Known.class, state).document();
    }

    @Test
    void watch_whilePublished_currentIsPublishedDocument() {
        publishBusy("600");
        WatchResult.Accepted a = assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE, BOB));
        assertEquals(Set.of(Activity.BUSY), document(a.current()).person().orElseThrow().activities());
    }

    @Test
    @DisplayName("PUB-11")
    void publish_watched_sinkGetsPublishedThenBindingsOnRemoval() {
        source.watch(ALICE, BOB);
        String etag = publishBusy("600");
        assertEquals("Meeting", document(published.get(0)).person().orElseThrow().notes().get(0).text());
        PublishOutcome.Success removed = assertInstanceOf(PublishOutcome.Success.class, store.process(
                new PublishRequest(BOB.uri(), Optional.of("presence"), List.of(etag), Optional.of("0"),
                        Optional.empty()), clock.instant()));
        removed.change().ifPresent(source::onPublicationChange);
        assertEquals(BindingPresenceMapper.CLOSED_TUPLE_ID, document(published.get(1)).tuples().get(0).id());
        assertTrue(states.get(1).published().isEmpty());
    }

    @Test
    void sweep_publicationLapsed_userStateWithoutPublication() {
        registrar.process(register("c1", 1, Optional.of("600"), "<sip:bob@192.0.2.1>"), clock.instant());
        source.onChange(new BindingsChanged(BOB, BindingsChanged.Kind.FIRST_ADDED, List.of()));
        publishBusy("5");
        clock.advance(Duration.ofSeconds(6));
        source.sweep();
        SipUserState last = states.get(states.size() - 1);
        assertTrue(last.registered());
        assertFalse(last.published().isPresent());
        assertEquals(3, states.size(), states.toString());
    }

    @Test
    void publishable_unknownUserNotAllowed_false() {
        UserDirectory closed = new UserDirectory() {
            @Override
            public Optional<String> passwordOf(SipAddress aor) {
                return Optional.empty();
            }

            @Override
            public boolean isKnown(SipAddress aor) {
                return aor.user().equals("bob");
            }

            @Override
            public boolean allowsUnknownUsers() {
                return false;
            }
        };
        var test = RegistrarPresenceSource.publishable(config, closed);
        assertTrue(test.test(BOB));
        assertFalse(test.test(SipAddress.of("mallory", "reg.example")));
        assertFalse(test.test(SipAddress.of("bob", "elsewhere.example")));
    }

}
