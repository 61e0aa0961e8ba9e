package org.presencegw.sip.stack;

import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.message.SIPMessage;

/**
 * A request's From, To and Call-ID values as they arrived, kept by {@link StrictMessageParser} when
 * {@link SimpleHeaders} made those headers from their plain form, so that an answer copies them (RFC 3261 8.2.6.2:
 * the response's From, To and Call-ID equal the request's) instead of the RI encoding its parse of them again,
 * which was about half the time of writing a 200 by hand (bench/FINDINGS.md, "Session 38"). A plain value has no
 * blank, quote or line break, and the RI's encoding of its parse is the same text (OkWireTest compares them) but
 * for a parameter given twice, which the RI's parse keeps once and the copy twice, as it arrived.
 *
 * <p>Held as the request's application data: the RI leaves that field to the application, and nothing else of ours
 * sets it on a request. Only for the header objects it was made with: a header set on the request later is encoded
 * by the RI.
 */
public final class ArrivedHeaders {

    private SIPHeader from;
    private String fromLine;
    private int fromAt;
    private SIPHeader to;
    private String toLine;
    private int toAt;
    private SIPHeader callId;
    private String callIdLine;
    private int callIdAt;

    private ArrivedHeaders() {
    }

    /** Keeps {@code header}'s value, {@code line} after its {@code colon} and blanks, when it is one of the three. */
    static void keep(SIPMessage message, SIPHeader header, String line, int colon) {
        if (!(header instanceof From || header instanceof To || header instanceof CallID)) {
            return;
        }
        ArrivedHeaders kept;
        Object data = message.getApplicationData();
        if (data instanceof ArrivedHeaders a) {
            kept = a;
        } else if (data == null) {
            kept = new ArrivedHeaders();
            message.setApplicationData(kept);
        } else {
            return;
        }
        int at = SimpleHeaders.valueStart(line, colon);
        if (header instanceof From) {
            kept.from = header;
            kept.fromLine = line;
            kept.fromAt = at;
        } else if (header instanceof To) {
            kept.to = header;
            kept.toLine = line;
            kept.toAt = at;
        } else {
            kept.callId = header;
            kept.callIdLine = line;
            kept.callIdAt = at;
        }
    }

    /**
     * Appends {@code From: } and the value as it arrived (no line end); false, and nothing appended, when it was not
     * kept or the request's From is no longer that header.
     */
    public static boolean appendFrom(SIPMessage message, StringBuilder out) {
        return message.getApplicationData() instanceof ArrivedHeaders a
                && append(out, "From: ", a.from, message.getFrom(), a.fromLine, a.fromAt);
    }

    /** As {@link #appendFrom}, for {@code To: }. */
    public static boolean appendTo(SIPMessage message, StringBuilder out) {
        return message.getApplicationData() instanceof ArrivedHeaders a
                && append(out, "To: ", a.to, message.getTo(), a.toLine, a.toAt);
    }

    /** As {@link #appendFrom}, for {@code Call-ID: }. */
    public static boolean appendCallId(SIPMessage message, StringBuilder out) {
        return message.getApplicationData() instanceof ArrivedHeaders a
                && append(out, "Call-ID: ", a.callId, message.getCallId(), a.callIdLine, a.callIdAt);
    }

    private static boolean append(StringBuilder out, String name, SIPHeader kept, Object current, String line,
                                  int at) {
        if (kept == null || kept != current) {
            return false;
        }
        // Whole strings: StringBuilder copies a String's bytes at once, but a range of one char by char (JMH
        // OkWireBench: the 200 in 571 ns with ranges, 359 with whole strings, 573 encoded by the RI; session 38).
        if (at == name.length() && line.startsWith(name)) {
            out.append(line); // the usual "From: " line: no copy of its value
        } else {
            out.append(name).append(line.substring(at));
        }
        return true;
    }
}
