package org.presencegw.sip.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.PresenceState;

/**
 * Content negotiation of the presence package (issue 12, CONFORMANCE PRS-02): PIDF first, cpim-pidf for watchers
 * that prefer it (Cisco), none acceptable 406, no Accept PIDF.
 */
class PresencePackageTest {

    private final PresencePackage pkg = new PresencePackage();

    private Optional<String> negotiate(String... ranges) {
        return pkg.negotiate(List.of(ranges).stream().map(MediaRange::parse).toList());
    }

    @Test
    void negotiate_noAccept_pidf() {
        assertEquals(Optional.of(PresencePackage.PIDF), pkg.negotiate(List.of()));
    }

    @Test
    void negotiate_cpimAlone_cpim() {
        assertEquals(Optional.of(PresencePackage.CPIM_PIDF), negotiate("application/cpim-pidf+xml"));
    }

    @Test
    void negotiate_severalTypes_firstWeProduceInTheWatchersOrder() {
        assertEquals(Optional.of(PresencePackage.CPIM_PIDF),
                negotiate("application/xpidf+xml", "application/cpim-pidf+xml", "application/pidf+xml"));
        assertEquals(Optional.of(PresencePackage.PIDF),
                negotiate("application/xpidf+xml", "application/pidf+xml", "application/cpim-pidf+xml"));
        assertEquals(Optional.of(PresencePackage.PIDF),
                negotiate("application/cpim-pidf+xml;q=0.5", "application/pidf+xml"));
        assertEquals(Optional.of(PresencePackage.PIDF), negotiate("application/*"), "a wildcard: our first");
    }

    @Test
    void negotiate_noneWeProduce_empty406() {
        assertEquals(Optional.empty(), negotiate("application/xpidf+xml", "text/plain"));
        assertEquals(Optional.empty(), negotiate("application/cpim-pidf+xml;q=0"));
    }

    @Test
    void body_cpim_sameDocumentAsPidf() {
        PresenceState state = DialogPackageTest.show("dnd");
        byte[] pidf = pkg.body(state, new BodyContext("sip:b@x", PresencePackage.PIDF, "", 0)).orElseThrow();
        byte[] cpim = pkg.body(state, new BodyContext("sip:b@x", PresencePackage.CPIM_PIDF, "", 0)).orElseThrow();
        assertArrayEquals(pidf, cpim);
    }
}
