package org.presencegw.sip.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.presencegw.sip.SipStartException;
import org.presencegw.sip.api.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running JAIN-SIP RI stack of a presence server: created with {@link StackProperties#server}, listening on
 * one address and port for each transport, one provider, one listener. The only place that calls
 * {@link SipFactory}; {@link #close} stops the stack with a bounded wait (the RI's stop can hang, see
 * docs/STACK.md). Start errors become one-line {@link SipStartException}s.
 */
public final class SipStackHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipStackHost.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private final String stackName;
    private final SipStack stack;
    private final StackContext context;

    private SipStackHost(String stackName, SipStack stack, StackContext context) {
        this.stackName = stackName;
        this.stack = stack;
        this.context = context;
    }

    /**
     * Creates and starts the stack. {@code bind} gets the stack context before the listener is added and the stack
     * starts, so that nothing is delivered to parts that are not bound yet.
     */
    public static SipStackHost start(String stackName, String listen, int port, Set<Transport> transports,
                                     SipListener listener, Consumer<StackContext> bind) throws SipStartException {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        SipStack stack;
        try {
            stack = factory.createSipStack(StackProperties.server(stackName));
        } catch (Exception e) {
            throw new SipStartException("cannot create SIP stack: " + rootMessage(e), e);
        }
        List<ListeningPoint> points = new ArrayList<>();
        for (Transport t : Transport.values()) {
            if (!transports.contains(t)) {
                continue;
            }
            try {
                points.add(stack.createListeningPoint(listen, port, t.wire()));
            } catch (Exception e) {
                stop(stackName, stack);
                throw new SipStartException("cannot listen on " + listen + ":" + port + "/" + t.wire() + ": "
                        + rootMessage(e), e);
            }
        }
        try {
            SipProvider provider = stack.createSipProvider(points.get(0));
            for (ListeningPoint lp : points.subList(1, points.size())) {
                provider.addListeningPoint(lp);
            }
            StackContext context = new StackContext(provider, factory.createMessageFactory(),
                    factory.createHeaderFactory(), factory.createAddressFactory(), listen, port);
            bind.accept(context);
            provider.addSipListener(listener);
            stack.start();
            return new SipStackHost(stackName, stack, context);
        } catch (Exception e) {
            stop(stackName, stack);
            throw new SipStartException("cannot start SIP stack on " + listen + ":" + port + ": " + rootMessage(e), e);
        }
    }

    public StackContext context() {
        return context;
    }

    /** Stops the stack, waiting at most a few seconds. */
    @Override
    public void close() {
        stop(stackName, stack);
        BoundedUdpQueue.forget(stackName);
    }

    private static void stop(String stackName, SipStack stack) {
        Thread stopper = new Thread(stack::stop, stackName + "-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("SIP stack {} did not stop within {}", stackName, STOP_WAIT);
        }
    }

    /** The innermost cause's message on one line; "address already in use" said plainly. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.toLowerCase(Locale.ROOT).contains("address already in use") ? "address already in use" : m;
    }
}
