package org.presencegw.sip.subscription;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.TimeStampHeader;
import org.presencegw.sip.stack.ArrivedHeaders;

/**
 * The 200 to a SUBSCRIBE over UDP written straight to bytes: the response {@link OkResponses} builds with the RI
 * (its {@code createResponse} copies Via, From, To, Call-ID and CSeq; then our To tag, Expires, Contact and for a
 * list Require), without cloning the request's headers into RI objects and encoding the clones. From, To and
 * Call-ID are copied as they arrived when they came in their plain form ({@link ArrivedHeaders}); the others, and
 * those in other forms, are encoded by the RI itself, as the clones would be. Either way they passed the parser, so
 * no value holds a line break. Null, and the RI builds it, when that response has more in it: a Record-Route or
 * Timestamp to copy, or a default Server header.
 */
final class OkWire {

    private OkWire() {
    }

    /**
     * The bytes, or null when the RI must build the response.
     *
     * @param contactHost our host for the Contact (an IPv6 literal in brackets); the Contact is plain {@code sip:}
     *                    over UDP, so a {@code sips:} request must not come here
     */
    static byte[] write(SIPRequest request, String localTag, long expires, String contactHost, int contactPort,
                        boolean list) {
        if (request.getHeader(RecordRouteHeader.NAME) != null || request.getHeader(TimeStampHeader.NAME) != null
                || MessageFactoryImpl.getDefaultServerHeader() != null) {
            return null;
        }
        ViaList vias = request.getViaHeaders();
        From from = (From) request.getFrom();
        To to = (To) request.getTo();
        CallID callId = (CallID) request.getCallId();
        CSeq cseq = (CSeq) request.getCSeq();
        if (vias == null || vias.isEmpty() || from == null || to == null || callId == null || cseq == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(512);
        // The RI's order (its copy of the request's headers walks a set of their names): the same bytes as its 200.
        out.append("SIP/2.0 200 OK\r\n");
        cseq.encode(out);
        if (ArrivedHeaders.appendCallId(request, out)) {
            out.append("\r\n");
        } else {
            callId.encode(out);
        }
        if (ArrivedHeaders.appendFrom(request, out)) {
            out.append("\r\n");
        } else {
            from.encode(out);
        }
        if (ArrivedHeaders.appendTo(request, out)) {
            if (to.getTag() == null) {
                out.append(";tag=").append(localTag);
            }
            out.append("\r\n");
        } else if (to.getTag() == null) {
            String line = to.encode(); // "To: <uri>;params\r\n"
            if (!line.endsWith("\r\n")) {
                return null;
            }
            out.append(line, 0, line.length() - 2).append(";tag=").append(localTag).append("\r\n");
        } else {
            to.encode(out);
        }
        vias.encode(out);
        out.append("Expires: ").append(Math.min(Integer.MAX_VALUE, expires)).append("\r\n");
        out.append("Contact: <sip:").append(contactHost).append(':').append(contactPort)
                .append(";transport=udp>\r\n");
        if (list) {
            out.append("Require: ").append(NotifyFactory.EVENTLIST).append("\r\n");
        }
        out.append("Content-Length: 0\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
