package org.presencegw.sip.subscription;

import gov.nist.javax.sip.stack.SIPTransaction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.presencegw.sip.stack.StackContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 3261 18.1.1 (TRN-05): a request larger than {@value #UDP_LIMIT} bytes, the path MTU being unknown, MUST go
 * over a congestion-controlled transport. A NOTIFY for a watcher that subscribed over UDP is then sent over TCP to
 * its Contact, with the top Via changed to TCP, when the Contact allows it (a {@code sip:} URI with no transport
 * or {@code transport=tcp}), there is no route set, and the stack listens on TCP; otherwise it goes over UDP as
 * before. The {@link org.presencegw.sip.stack.FlowRouter} routes such a request by its Request-URI. Also makes
 * the NOTIFY's client transaction ({@link #newTransaction}).
 */
final class LargeNotifies {

    private static final Logger LOG = LoggerFactory.getLogger(LargeNotifies.class);

    /** RFC 3261 18.1.1: 1300 bytes when the path MTU is unknown. */
    static final int UDP_LIMIT = 1300;

    private LargeNotifies() {
    }

    /**
     * A client transaction for {@code notify} with Timer K = 0 (RFC 3261 17.1.2.2: T4 = 5 s over UDP keeps a
     * completed transaction only to absorb copies of the response; a later copy is then a stray response, which
     * the dispatcher drops; bench/FINDINGS.md: most of the heap's churn at high rates).
     */
    static ClientTransaction newTransaction(StackContext stack, Request notify) throws SipException {
        ClientTransaction ct = stack.provider().getNewClientTransaction(notify);
        if (ct instanceof SIPTransaction t) {
            t.setTimerT4(0);
        }
        return ct;
    }

    /** Moves {@code notify} to TCP when it must and may; true when it did. */
    static boolean moveToTcpIfLarge(Request notify, DialogRecord dialog, StackContext stack) throws ParseException {
        if (!"udp".equals(dialog.flow().transport()) || !dialog.routeSet().isEmpty()
                || notify.getRawContent() == null || notify.getRawContent().length < UDP_LIMIT / 2
                || notify.toString().getBytes(StandardCharsets.UTF_8).length <= UDP_LIMIT
                || stack.provider().getListeningPoint(ListeningPoint.TCP) == null
                || !contactAllowsTcp(stack, dialog.remoteTarget())) {
            return false;
        }
        ViaHeader via = (ViaHeader) notify.getHeader(ViaHeader.NAME);
        via.setTransport(ListeningPoint.TCP);
        LOG.debug("[{}] NOTIFY above {} bytes: over TCP", dialog.callId(), UDP_LIMIT);
        return true;
    }

    private static boolean contactAllowsTcp(StackContext stack, String target) {
        try {
            URI uri = stack.addresses().createURI(target);
            if (!(uri instanceof SipURI sip) || sip.isSecure()) {
                return false;
            }
            String transport = sip.getTransportParam();
            return transport == null || transport.toLowerCase(Locale.ROOT).equals("tcp");
        } catch (ParseException e) {
            return false;
        }
    }
}
