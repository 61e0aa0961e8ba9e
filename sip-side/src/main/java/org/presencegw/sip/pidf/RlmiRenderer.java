package org.presencegw.sip.pidf;

import static org.presencegw.sip.pidf.Utf8XmlWriter.ascii;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders {@code application/rlmi+xml} (RFC 4662 section 5): {@code <list>} with {@code uri}, {@code version} and
 * {@code fullState}, one {@code <resource uri>} per resource with one {@code <instance>} each. Pure and thread-safe,
 * on the same per-thread {@link Utf8XmlWriter} as PIDF and dialog-info (one escaping path for what watchers and
 * contacts wrote).
 */
public final class RlmiRenderer {

    /** RFC 4662 section 5: the namespace. */
    public static final String NS = "urn:ietf:params:xml:ns:rlmi";
    /** RFC 4662 section 5: the media type. */
    public static final String TYPE = "application/rlmi+xml";

    private static final byte[] OPEN = ascii("<?xml version='1.0' encoding='UTF-8'?><list xmlns=\"" + NS
            + "\" uri=\"");
    private static final byte[] VERSION = ascii("\" version=\"");
    private static final byte[] FULL_STATE = ascii("\" fullState=\"");
    private static final byte[] END_EMPTY = ascii("\"/>");
    private static final byte[] END_OPEN = ascii("\">");
    private static final byte[] CLOSE = ascii("</list>");
    private static final byte[] RESOURCE_OPEN = ascii("<resource uri=\"");
    private static final byte[] RESOURCE_CLOSE = ascii("</resource>");
    private static final byte[] INSTANCE_OPEN = ascii("<instance id=\"");
    private static final byte[] STATE = ascii("\" state=\"");
    private static final byte[] REASON = ascii("\" reason=\"");
    private static final byte[] CID = ascii("\" cid=\"");

    /** The RLMI instance states (RFC 4662 section 5). */
    public enum InstanceState {
        ACTIVE("active"), PENDING("pending"), TERMINATED("terminated");

        private final String wire;

        InstanceState(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /**
     * One {@code <resource>} with its one {@code <instance>}.
     *
     * @param reason the {@code reason} of a terminated instance (RFC 4662 section 5), else empty
     * @param cid    the Content-ID (without angle brackets) of the instance's body part, empty when it has none
     */
    public record Resource(String uri, String instanceId, InstanceState state, Optional<String> reason,
                           Optional<String> cid) {
        public Resource {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cid, "cid");
        }
    }

    /**
     * @param listUri   the list's URI as the watcher wrote it
     * @param version   the subscription's RLMI counter, 0 for its first document (RFC 4662 section 5.2)
     * @param fullState whether {@code resources} is the whole list or only what changed
     * @return UTF-8 bytes
     */
    public byte[] render(String listUri, long version, boolean fullState, List<Resource> resources) {
        Objects.requireNonNull(listUri, "listUri");
        if (version < 0) {
            throw new IllegalArgumentException("version " + version);
        }
        Utf8XmlWriter w = Utf8XmlWriter.acquire();
        try {
            w.raw(OPEN);
            w.attribute(listUri);
            w.raw(VERSION);
            w.raw(ascii(Long.toString(version)));
            w.raw(FULL_STATE);
            w.raw(ascii(Boolean.toString(fullState)));
            if (resources.isEmpty()) {
                w.raw(END_EMPTY);
                return w.toByteArray();
            }
            w.raw(END_OPEN);
            for (Resource r : resources) {
                w.raw(RESOURCE_OPEN);
                w.attribute(r.uri());
                w.raw(END_OPEN);
                w.raw(INSTANCE_OPEN);
                w.attribute(r.instanceId());
                w.raw(STATE);
                w.raw(ascii(r.state().wire()));
                if (r.reason().isPresent()) {
                    w.raw(REASON);
                    w.attribute(r.reason().get());
                }
                if (r.cid().isPresent()) {
                    w.raw(CID);
                    w.attribute(r.cid().get());
                }
                w.raw(END_EMPTY);
                w.raw(RESOURCE_CLOSE);
            }
            w.raw(CLOSE);
            return w.toByteArray();
        } finally {
            w.release();
        }
    }
}
