package org.presencegw.sip.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.ListMember;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.sip.testing.DialogInfoDocument;
import org.presencegw.sip.testing.ResourceListNotify;

/** Resource-list bodies (RFC 4662 section 5): RLMI plus multipart/related, full and partial state, versions. */
class ListBodiesTest {

    private static final String LIST = "sip:Team%20A@lists.example.com";
    private static final String BOB = "sip:bob@jabber.example.com";
    private static final String CAROL = "sip:carol@jabber.example.com";
    private static final String DAVE = "sip:dave@jabber.example.com";
    private static final PresencePackage PRESENCE = new PresencePackage();

    private static PresenceState open(String note) {
        PresenceTuple t = new PresenceTuple("ID-r", Basic.OPEN, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(new Note(note, Optional.empty())), Optional.empty());
        return new PresenceState.Known(new PresenceDocument(List.of(t), Optional.empty()));
    }

    private static ResourceListNotify parse(ListBodies.Rendered r) {
        return ResourceListNotify.parse(r.contentType(), new String(r.body(), StandardCharsets.UTF_8));
    }

    private static ListBodies.Rendered render(EventPackage pkg, String type, long version, List<ListMember> members,
                                              ListBodies.Memory memory, boolean full) {
        return ListBodies.render(pkg, new BodyContext(LIST, type, "", version), members, memory, full);
    }

    @Test
    @DisplayName("RLS-02")
    void firstBody_fullState_rlmiRootIsStart_onePidfPartPerActiveMember() {
        List<ListMember> members = List.of(new ListMember(BOB, open("at desk")), new ListMember(CAROL,
                PresenceState.PENDING), new ListMember(DAVE, PresenceState.UNKNOWN));
        ListBodies.Rendered r = render(PRESENCE, PresencePackage.PIDF, 0, members, ListBodies.Memory.NONE, false);
        ResourceListNotify n = parse(r);
        assertEquals("application/rlmi+xml", n.type());
        assertTrue(n.start().startsWith("<rlmi.0@"), n.start());
        assertEquals(LIST, n.list().uri());
        assertEquals(0, n.list().version());
        assertTrue(n.list().fullState());
        assertEquals(List.of(BOB, CAROL, DAVE), n.list().resources().stream().map(ResourceListNotify.Resource::uri)
                .toList(), "list order");
        ResourceListNotify.Resource bob = n.list().resource(BOB).orElseThrow();
        assertEquals("active", bob.state());
        ResourceListNotify.Part part = n.partOf(bob);
        assertEquals("application/pidf+xml", part.contentType());
        assertTrue(part.body().contains("entity=\"" + BOB + "\"") && part.body().contains("at desk"), part.body());
        assertEquals("pending", n.list().resource(CAROL).orElseThrow().state());
        assertEquals(Optional.empty(), n.list().resource(CAROL).orElseThrow().cid(), "pending: no body");
        assertEquals(Optional.empty(), n.list().resource(DAVE).orElseThrow().cid(), "unknown: active, no body");
        assertEquals(2, n.parts().size(), "RLMI and bob's PIDF");
        assertEquals(n.list().resource(BOB).orElseThrow().instanceId(),
                parse(render(PRESENCE, PresencePackage.PIDF, 5, members, ListBodies.Memory.NONE, true))
                        .list().resource(BOB).orElseThrow().instanceId(), "instance ids are stable");
    }

    @Test
    @DisplayName("RLS-03")
    void change_partialState_onlyTheChangedMember_removedMemberTerminated_addedMemberListed() {
        List<ListMember> first = List.of(new ListMember(BOB, open("a")), new ListMember(CAROL, open("b")));
        ListBodies.Rendered r0 = render(PRESENCE, PresencePackage.PIDF, 0, first, ListBodies.Memory.NONE, true);
        ListBodies.Rendered r1 = render(PRESENCE, PresencePackage.PIDF, 1, List.of(new ListMember(BOB, open("a")),
                new ListMember(CAROL, open("changed"))), r0.memory(), false);
        ResourceListNotify n1 = parse(r1);
        assertFalse(n1.list().fullState());
        assertEquals(1, n1.list().version());
        assertEquals(List.of(CAROL), n1.list().resources().stream().map(ResourceListNotify.Resource::uri).toList());
        assertTrue(n1.partOf(n1.list().resources().get(0)).body().contains("changed"));
        assertNotEquals(parse(r0).start(), n1.start(), "a new root Content-ID per body");

        ListBodies.Rendered r2 = render(PRESENCE, PresencePackage.PIDF, 2, List.of(new ListMember(CAROL,
                open("changed")), new ListMember(DAVE, open("new"))), r1.memory(), false);
        ResourceListNotify n2 = parse(r2);
        assertEquals(List.of(DAVE, BOB), n2.list().resources().stream().map(ResourceListNotify.Resource::uri)
                .toList(), "the added member, then the removed one");
        ResourceListNotify.Resource bob = n2.list().resource(BOB).orElseThrow();
        assertEquals("terminated", bob.state());
        assertEquals(Optional.of("noresource"), bob.reason());
        assertEquals(Optional.empty(), bob.cid());
        assertEquals(Optional.of("active"), n2.list().resource(DAVE).map(ResourceListNotify.Resource::state));

        ResourceListNotify full = parse(render(PRESENCE, PresencePackage.PIDF, 3, List.of(new ListMember(CAROL,
                open("changed")), new ListMember(DAVE, open("new"))), r2.memory(), true));
        assertTrue(full.list().fullState());
        assertEquals(List.of(CAROL, DAVE), full.list().resources().stream().map(ResourceListNotify.Resource::uri)
                .toList(), "full state: every member, the removed one gone");
    }

    @Test
    @DisplayName("RLS-03")
    void terminatedMember_instanceTerminatedWithItsReason() {
        ResourceListNotify n = parse(render(PRESENCE, PresencePackage.PIDF, 0, List.of(new ListMember(BOB,
                new PresenceState.Terminated(TerminationReason.REJECTED))), ListBodies.Memory.NONE, true));
        assertEquals("terminated", n.list().resources().get(0).state());
        assertEquals(Optional.of("rejected"), n.list().resources().get(0).reason());
    }

    @Test
    @DisplayName("RLS-05")
    void dialogPackage_dialogInfoParts_memberVersionRisesPerPart() {
        DialogPackage dialog = new DialogPackage(new org.presencegw.sip.api.BlfSettings("generic", true,
                Optional.empty(), Optional.empty()));
        String data = "";
        ListBodies.Rendered r0 = ListBodies.render(dialog, new BodyContext(LIST, DialogPackage.DIALOG_INFO, data, 0),
                List.of(new ListMember(BOB, open("x")), new ListMember(CAROL, open("y"))), ListBodies.Memory.NONE,
                true);
        ResourceListNotify n0 = parse(r0);
        ResourceListNotify.Part bob0 = n0.partOf(n0.list().resource(BOB).orElseThrow());
        assertEquals(DialogPackage.DIALOG_INFO, bob0.contentType());
        DialogInfoDocument d0 = DialogInfoDocument.parse(bob0.body());
        assertEquals(BOB, d0.entity());
        assertEquals(0, d0.version());
        ListBodies.Rendered r1 = ListBodies.render(dialog, new BodyContext(LIST, DialogPackage.DIALOG_INFO, data, 1),
                List.of(new ListMember(BOB, DialogPackageTest.show("dnd")), new ListMember(CAROL, open("y"))),
                r0.memory(), false);
        ResourceListNotify n1 = parse(r1);
        DialogInfoDocument d1 = DialogInfoDocument.parse(n1.partOf(n1.list().resource(BOB).orElseThrow()).body());
        assertEquals(1, d1.version(), "bob's own dialog-info version: one more than his last part");
        assertEquals("confirmed", d1.dialogs().get(0).state());
        assertEquals(1, n1.list().resources().size());
    }

    @Test
    void emptyList_fullStateWithoutResources() {
        ResourceListNotify n = parse(render(PRESENCE, PresencePackage.PIDF, 0, List.of(), ListBodies.Memory.NONE,
                true));
        assertTrue(n.list().resources().isEmpty());
        assertTrue(n.list().fullState());
        assertEquals(1, n.parts().size());
    }

    @Test
    void boundary_neverOccursInAPart() {
        String evil = "--presencegw-rlmi-0 and presencegw-rlmi-0-1";
        ListBodies.Rendered r = render(PRESENCE, PresencePackage.PIDF, 0, List.of(new ListMember(BOB, open(evil))),
                ListBodies.Memory.NONE, true);
        ResourceListNotify n = parse(r);
        assertEquals("presencegw-rlmi-0-2", n.boundary());
        assertTrue(n.partOf(n.list().resource(BOB).orElseThrow()).body().contains(evil));
    }
}
