package org.presencegw.sip.pidf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.presencegw.sip.testing.DialogInfoDocument;

/** RFC 4235 section 4.1 documents from {@link DialogInfoRenderer}, validated against the RFC's schema. */
class DialogInfoRendererTest {

    private static final String BOB = "sip:bob@jabber.example.com";
    private final DialogInfoRenderer renderer = new DialogInfoRenderer();

    private DialogInfoDocument render(long version, Optional<DialogElement> dialog) {
        return DialogInfoDocument.parse(new String(renderer.render(BOB, version, dialog), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("DLG-03")
    void render_noDialog_fullStateWithVersionAndEntity_exactBytes() {
        assertEquals("<?xml version='1.0' encoding='UTF-8'?><dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\""
                        + " version=\"0\" state=\"full\" entity=\"sip:bob@jabber.example.com\"/>",
                new String(renderer.render(BOB, 0, Optional.empty()), StandardCharsets.UTF_8));
        DialogInfoDocument doc = render(0, Optional.empty());
        assertEquals(0, doc.version());
        assertEquals("full", doc.state());
        assertEquals(BOB, doc.entity());
        assertEquals(List.of(), doc.dialogs());
        assertEquals("idle", doc.lamp());
    }

    @Test
    @DisplayName("DLG-03")
    void render_confirmedWithLocalIdentity_busyLamp() {
        DialogInfoDocument doc = render(7, Optional.of(new DialogElement("presence",
                DialogElement.State.CONFIRMED, true, false)));
        assertEquals(7, doc.version());
        assertEquals(List.of(new DialogInfoDocument.Dialog("presence", "confirmed", Optional.of(BOB), false)),
                doc.dialogs());
        assertEquals("busy", doc.lamp());
    }

    @Test
    void render_terminated_idleLampButADialogElement() {
        DialogInfoDocument doc = render(1, Optional.of(new DialogElement("presence",
                DialogElement.State.TERMINATED, false, false)));
        assertEquals(List.of(new DialogInfoDocument.Dialog("presence", "terminated", Optional.empty(), false)),
                doc.dialogs());
        assertEquals("idle", doc.lamp());
    }

    @Test
    void render_held_confirmedWithRenderingNoTarget() {
        String xml = new String(renderer.render(BOB, 2, Optional.of(new DialogElement("presence",
                DialogElement.State.CONFIRMED, true, true))), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<local><identity>" + BOB + "</identity><target uri=\"" + BOB
                + "\"><param pname=\"+sip.rendering\" pval=\"no\"/></target></local>"), xml);
        assertEquals("held", DialogInfoDocument.parse(xml).lamp());
    }

    @Test
    void dialogElement_heldButTerminated_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> new DialogElement("x", DialogElement.State.TERMINATED, false, true));
    }

    @Test
    void schema_rejectsADocumentWithoutVersion() {
        assertThrows(AssertionError.class, () -> DialogInfoDocument.parse("<dialog-info xmlns=\""
                + DialogInfoRenderer.NS + "\" state=\"full\" entity=\"sip:b@x\"/>"));
        assertThrows(AssertionError.class, () -> DialogInfoDocument.parse("<dialog-info xmlns=\""
                + DialogInfoRenderer.NS + "\" version=\"1\" state=\"full\" entity=\"sip:b@x\"><dialog id=\"a\">"
                + "<state>busy</state></dialog></dialog-info>"));
    }

    @Test
    void render_negativeVersion_refused() {
        assertThrows(IllegalArgumentException.class, () -> renderer.render(BOB, -1, Optional.empty()));
    }

    @Test
    void render_largeVersion_written() {
        assertEquals(Long.MAX_VALUE, render(Long.MAX_VALUE, Optional.empty()).version());
    }

    /** The entity is the URI the watcher wrote: whatever it holds, the document stays well-formed and lossless. */
    @ParameterizedTest
    @ValueSource(strings = {"sip:a&b@example.com", "sip:\"q\"<x>@example.com", "sip:tab\tlf\ncr\r@example.com",
            "sip:ümlaut@example.com"})
    void render_hostileEntity_escapedAndReadBack(String entity) {
        String xml = new String(renderer.render(entity, 3, Optional.of(new DialogElement("presence",
                DialogElement.State.CONFIRMED, true, true))), StandardCharsets.UTF_8);
        DialogInfoDocument doc = DialogInfoDocument.parse(xml);
        assertEquals(entity, doc.entity());
        assertEquals(Optional.of(entity), doc.dialogs().get(0).identity());
    }
}
