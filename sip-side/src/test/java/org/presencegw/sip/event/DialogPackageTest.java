package org.presencegw.sip.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.presencegw.sip.api.BlfLamp;
import org.presencegw.sip.api.BlfSettings;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.sip.testing.DialogInfoDocument;

/**
 * The dialog package (RFC 4235) as BLF: the presence-to-lamp rule of issue 12 per profile, the vendor choice by
 * User-Agent, the version, and schema-valid bodies for every profile and class.
 */
class DialogPackageTest {

    private static final String BOB = "sip:bob@jabber.example.com";

    static PresenceState show(String show) {
        PresenceTuple t = new PresenceTuple("ID-r", Basic.OPEN, show.equals("available") ? Optional.empty()
                : Optional.of(show), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
        return new PresenceState.Known(new PresenceDocument(List.of(t), Optional.empty()));
    }

    static PresenceState activity(Activity a) {
        return new PresenceState.Known(new PresenceDocument(List.of(PresenceTuple.of("t", Basic.OPEN)),
                Optional.of(new Person("p", Set.of(a), List.of()))));
    }

    static PresenceState offline() {
        return new PresenceState.Known(new PresenceDocument(List.of(PresenceTuple.of("offline", Basic.CLOSED)),
                Optional.empty()));
    }

    private static DialogInfoDocument body(DialogPackage pkg, PresenceState state, String packageData, long v) {
        byte[] bytes = pkg.body(state, new BodyContext(BOB, DialogPackage.DIALOG_INFO, packageData, v)).orElseThrow();
        return DialogInfoDocument.parse(new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("DLG-08")
    void classOf_issue12Rule() {
        assertEquals(PresenceClass.AVAILABLE, PresenceClass.of(show("available")));
        assertEquals(PresenceClass.AVAILABLE, PresenceClass.of(show("chat")));
        assertEquals(PresenceClass.BUSY, PresenceClass.of(show("dnd")));
        assertEquals(PresenceClass.AWAY, PresenceClass.of(show("away")));
        assertEquals(PresenceClass.AWAY, PresenceClass.of(show("xa")));
        assertEquals(PresenceClass.BUSY, PresenceClass.of(activity(Activity.BUSY)));
        assertEquals(PresenceClass.BUSY, PresenceClass.of(activity(Activity.ON_THE_PHONE)));
        assertEquals(PresenceClass.AWAY, PresenceClass.of(activity(Activity.AWAY)));
        assertEquals(PresenceClass.AVAILABLE, PresenceClass.of(activity(Activity.LUNCH)));
        assertEquals(PresenceClass.OFFLINE, PresenceClass.of(offline()));
        assertEquals(PresenceClass.UNKNOWN, PresenceClass.of(PresenceState.UNKNOWN));
        assertEquals(PresenceClass.UNKNOWN, PresenceClass.of(new PresenceState.Terminated(TerminationReason.REJECTED)));
        assertEquals(PresenceClass.PENDING, PresenceClass.of(PresenceState.PENDING));
    }

    /** Issue 12 defaults, every profile: available idle, dnd and published busy busy, away idle, offline idle. */
    @ParameterizedTest
    @CsvSource({"generic", "yealink", "polycom", "snom", "grandstream", "cisco"})
    void body_defaults_lampPerClass_schemaValid(String profile) {
        DialogPackage pkg = new DialogPackage(new BlfSettings(profile, false, Optional.empty(), Optional.empty()));
        assertEquals("idle", body(pkg, show("available"), "", 0).lamp());
        assertEquals("idle", body(pkg, show("chat"), "", 0).lamp());
        assertEquals("busy", body(pkg, show("dnd"), "", 0).lamp());
        assertEquals("busy", body(pkg, activity(Activity.BUSY), "", 0).lamp());
        assertEquals("busy", body(pkg, activity(Activity.ON_THE_PHONE), "", 0).lamp());
        assertEquals("idle", body(pkg, show("away"), "", 0).lamp());
        assertEquals("idle", body(pkg, show("xa"), "", 0).lamp());
        assertEquals("idle", body(pkg, offline(), "", 0).lamp());
        assertEquals("idle", body(pkg, PresenceState.UNKNOWN, "", 0).lamp());
        assertTrue(body(pkg, show("dnd"), "", 0).dialogs().stream().noneMatch(d -> d.state().equals("terminated")));
    }

    @Test
    @DisplayName("DLG-03 DLG-05")
    void body_generic_idleHasNoDialog_yealink_idleIsTheBusyDialogTerminated() {
        DialogPackage generic = new DialogPackage(BlfSettings.DEFAULTS);
        assertEquals(List.of(), body(generic, show("available"), "", 0).dialogs());
        DialogInfoDocument busy = body(generic, show("dnd"), "yealink", 0);
        DialogInfoDocument idle = body(generic, show("available"), "yealink", 1);
        assertEquals("confirmed", busy.dialogs().get(0).state());
        assertEquals("terminated", idle.dialogs().get(0).state());
        assertEquals(busy.dialogs().get(0).id(), idle.dialogs().get(0).id(), "same dialog id: the busy one ended");
        assertEquals(Optional.of(BOB), idle.dialogs().get(0).identity());
    }

    @Test
    @DisplayName("DLG-08")
    void body_overrides_awayBusy_unavailableHeld() {
        DialogPackage pkg = new DialogPackage(new BlfSettings("snom", true, Optional.of(BlfLamp.BUSY),
                Optional.of(BlfLamp.HELD)));
        assertEquals("busy", body(pkg, show("away"), "", 0).lamp());
        assertEquals("busy", body(pkg, show("xa"), "polycom", 0).lamp(), "overrides apply to vendor profiles too");
        assertEquals("held", body(pkg, offline(), "", 0).lamp());
        assertEquals("held", body(pkg, PresenceState.UNKNOWN, "yealink", 0).lamp());
        assertEquals("idle", body(pkg, show("available"), "", 0).lamp());
    }

    @Test
    void body_versionFromContext_pendingHasNoBody() {
        DialogPackage pkg = new DialogPackage(BlfSettings.DEFAULTS);
        assertEquals(41, body(pkg, show("dnd"), "", 41).version());
        assertEquals(Optional.empty(), pkg.body(PresenceState.PENDING,
                new BodyContext(BOB, DialogPackage.DIALOG_INFO, "", 0)));
        assertTrue(pkg.bodyPerSubscription(), "version differs per subscription: no shared rendering");
    }

    @ParameterizedTest
    @CsvSource({"Yealink SIP-T46S 66.86.0.15, yealink", "PolycomVVX-VVX_411-UA/6.3.1.8427, polycom",
            "snomD785/10.1.54.13, snom", "Grandstream GXP2170 1.0.11.16, grandstream",
            "Cisco/SPA504G-7.6.2, cisco", "Linphone/5.2.0 (belle-sip/5.2.0), ''", "'', ''"})
    void packageData_vendorByUserAgent(String userAgent, String expected) {
        DialogPackage pkg = new DialogPackage(BlfSettings.DEFAULTS);
        Optional<String> ua = userAgent.isEmpty() ? Optional.empty() : Optional.of(userAgent);
        assertEquals(expected, pkg.packageData(new SubscribeContext(ua, DialogPackage.DIALOG_INFO)));
    }

    @Test
    @DisplayName("DLG-09")
    void packageData_byUserAgentOff_alwaysTheConfiguredProfile() {
        DialogPackage pkg = new DialogPackage(new BlfSettings("polycom", false, Optional.empty(), Optional.empty()));
        assertEquals("", pkg.packageData(new SubscribeContext(Optional.of("Yealink SIP-T46S"),
                DialogPackage.DIALOG_INFO)));
        assertEquals("polycom", pkg.profile("").name());
        assertEquals("polycom", pkg.profile("gone-vendor").name(), "a stored name no longer known: configured one");
    }

    @Test
    void constructor_unknownProfile_refusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DialogPackage(
                new BlfSettings("avaya", true, Optional.empty(), Optional.empty())));
        assertTrue(e.getMessage().contains("yealink"), e.getMessage());
    }

    @Test
    void packages_fromSettings_dialogServedOrNot() {
        assertEquals(List.of("presence", "dialog"), EventPackages.from(org.presencegw.sip.api.EventSettings.DEFAULTS)
                .names());
        assertEquals(List.of("presence"), EventPackages.from(new org.presencegw.sip.api.EventSettings(false,
                java.time.Duration.ZERO, BlfSettings.DEFAULTS)).names());
    }
}
