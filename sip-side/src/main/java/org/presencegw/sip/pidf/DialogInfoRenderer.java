package org.presencegw.sip.pidf;

import static org.presencegw.sip.pidf.Utf8XmlWriter.ascii;

import java.util.Objects;
import java.util.Optional;

/**
 * Renders {@code application/dialog-info+xml} (RFC 4235 section 4) full-state documents: {@code <dialog-info>} with
 * the required {@code version}, {@code state="full"} and {@code entity} (section 4.1), and at most one
 * {@link DialogElement}. Pure and thread-safe.
 *
 * <p>Written like {@link PidfRenderer}, on the per-thread {@link Utf8XmlWriter} (docs/decisions/0007): dialog-info
 * bodies carry a per-subscription version, so a fan-out renders one per watcher, never once per view, and the one
 * escaping path of that writer is the one the entity (a URI the watcher wrote) goes through.
 */
public final class DialogInfoRenderer {

    /** RFC 4235 section 4.1: the namespace. */
    public static final String NS = "urn:ietf:params:xml:ns:dialog-info";
    /** RFC 3840 section 9 feature tag a target carries to say its media is not rendered (hold). */
    public static final String RENDERING = "+sip.rendering";

    private static final byte[] OPEN = ascii("<?xml version='1.0' encoding='UTF-8'?><dialog-info xmlns=\"" + NS
            + "\" version=\"");
    private static final byte[] STATE_FULL_ENTITY = ascii("\" state=\"full\" entity=\"");
    private static final byte[] END_EMPTY = ascii("\"/>");
    private static final byte[] END_OPEN = ascii("\">");
    private static final byte[] CLOSE = ascii("</dialog-info>");
    private static final byte[] DIALOG_OPEN = ascii("<dialog id=\"");
    private static final byte[] DIALOG_CLOSE = ascii("</dialog>");
    private static final byte[] STATE_CONFIRMED = ascii("<state>confirmed</state>");
    private static final byte[] STATE_TERMINATED = ascii("<state>terminated</state>");
    private static final byte[] LOCAL_OPEN = ascii("<local>");
    private static final byte[] LOCAL_CLOSE = ascii("</local>");
    private static final byte[] IDENTITY_OPEN = ascii("<identity>");
    private static final byte[] IDENTITY_CLOSE = ascii("</identity>");
    private static final byte[] TARGET_OPEN = ascii("<target uri=\"");
    private static final byte[] NOT_RENDERED = ascii("<param pname=\"" + RENDERING + "\" pval=\"no\"/>");
    private static final byte[] TARGET_CLOSE = ascii("</target>");

    /**
     * @param entity  the presentity URI (RFC 4235 section 4.1: the {@code entity} attribute)
     * @param version the subscription's document counter, 0 for its first (section 4.1)
     * @param dialog  the one dialog, or empty for "no dialog at all" (a full state without dialogs)
     * @return UTF-8 bytes
     */
    public byte[] render(String entity, long version, Optional<DialogElement> dialog) {
        Objects.requireNonNull(entity, "entity");
        if (version < 0) {
            throw new IllegalArgumentException("version " + version);
        }
        Utf8XmlWriter w = Utf8XmlWriter.acquire();
        try {
            w.raw(OPEN);
            w.raw(ascii(Long.toString(version)));
            w.raw(STATE_FULL_ENTITY);
            w.attribute(entity);
            if (dialog.isEmpty()) {
                w.raw(END_EMPTY);
                return w.toByteArray();
            }
            w.raw(END_OPEN);
            writeDialog(w, dialog.get(), entity);
            w.raw(CLOSE);
            return w.toByteArray();
        } finally {
            w.release();
        }
    }

    /** RFC 4235 section 4.1.1: child order state, (duration, replaces, referred-by, route-set), local, remote. */
    private static void writeDialog(Utf8XmlWriter w, DialogElement d, String entity) {
        w.raw(DIALOG_OPEN);
        w.attribute(d.id());
        w.raw(END_OPEN);
        w.raw(d.state() == DialogElement.State.CONFIRMED ? STATE_CONFIRMED : STATE_TERMINATED);
        if (d.localIdentity() || d.held()) {
            w.raw(LOCAL_OPEN);
            if (d.localIdentity()) {
                w.raw(IDENTITY_OPEN);
                w.text(entity);
                w.raw(IDENTITY_CLOSE);
            }
            if (d.held()) {
                w.raw(TARGET_OPEN);
                w.attribute(entity);
                w.raw(END_OPEN);
                w.raw(NOT_RENDERED);
                w.raw(TARGET_CLOSE);
            }
            w.raw(LOCAL_CLOSE);
        }
        w.raw(DIALOG_CLOSE);
    }
}
