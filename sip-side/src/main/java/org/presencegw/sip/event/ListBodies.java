package org.presencegw.sip.event;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.model.ListMember;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.sip.pidf.RlmiRenderer;
import org.presencegw.sip.pidf.RlmiRenderer.InstanceState;

/**
 * The NOTIFY body of a resource-list subscription (RFC 4662 section 5): {@code multipart/related} (RFC 2387) whose
 * root part is an RLMI document and whose other parts are the members' bodies, each rendered by the subscription's
 * own event package (PIDF for {@code presence}, dialog-info for {@code dialog}) with the member as entity.
 *
 * <p>Full state lists every member; partial state only the members whose state changed since the subscription's
 * last body ({@link Memory}) and the members that left the list ({@code state="terminated"
 * reason="noresource"}). Instance ids are derived from the member URI, so they survive restarts. A member's own
 * body version (dialog-info) starts at 0 and rises by one each time its part is sent. Pure; thread-safe.
 */
public final class ListBodies {

    /** The root part's type, the {@code type} parameter of the multipart body. */
    public static final String RLMI = RlmiRenderer.TYPE;
    /** The right-hand side of every Content-ID we write. */
    private static final String CID_DOMAIN = "rls.presencegw";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final RlmiRenderer RLMI_RENDERER = new RlmiRenderer();

    private ListBodies() {
    }

    /** What one member's last part said: its state and its body version. */
    public record Sent(PresenceState state, long version) {
        public Sent {
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * What a subscription's watcher was last told about each member. {@link #NONE} before the first body (and
     * after a restart: memory is not stored), which makes the next body full state.
     */
    public record Memory(boolean started, Map<String, Sent> sent) {
        public static final Memory NONE = new Memory(false, Map.of());

        public Memory {
            sent = Map.copyOf(sent);
        }
    }

    /** One rendered body: bytes, the NOTIFY's full Content-Type, and the memory to keep for the next one. */
    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed: handed to the NOTIFY as they are
    public record Rendered(byte[] body, String contentType, Memory memory) {
    }

    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
    private record Part(String cid, String type, byte[] bytes) {
    }

    /**
     * @param context the subscription's: entity is the list URI, version the RLMI version, media type and package
     *                data those of each member's part
     * @param full    full state asked for (a NOTIFY answering a SUBSCRIBE); the first body is full state anyway
     */
    public static Rendered render(EventPackage pkg, BodyContext context, List<ListMember> members, Memory previous,
                                  boolean full) {
        boolean fullState = full || !previous.started();
        long version = context.version();
        Map<String, Sent> next = new HashMap<>();
        List<RlmiRenderer.Resource> resources = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        for (ListMember m : members) {
            Sent before = previous.sent().get(m.uri());
            if (!fullState && before != null && before.state().equals(m.state())) {
                next.put(m.uri(), before);
                continue;
            }
            long memberVersion = before != null ? before.version() + 1 : previous.started() ? 0 : version;
            next.put(m.uri(), new Sent(m.state(), memberVersion));
            String id = instanceId(m.uri());
            if (m.state() instanceof PresenceState.Pending) {
                resources.add(resource(m.uri(), id, InstanceState.PENDING, Optional.empty(), Optional.empty()));
            } else if (m.state() instanceof PresenceState.Terminated t) {
                resources.add(resource(m.uri(), id, InstanceState.TERMINATED, Optional.of(t.reason().wire()),
                        Optional.empty()));
            } else {
                Optional<byte[]> body = pkg.body(m.state(), new BodyContext(m.uri(), context.mediaType(),
                        context.packageData(), memberVersion));
                Optional<String> cid = body.map(b -> id + "." + version + "@" + CID_DOMAIN);
                resources.add(resource(m.uri(), id, InstanceState.ACTIVE, Optional.empty(), cid));
                body.ifPresent(b -> parts.add(new Part(cid.get(), context.mediaType(), b)));
            }
        }
        if (!fullState) {
            previous.sent().keySet().stream().filter(uri -> !next.containsKey(uri)).sorted().forEach(uri ->
                    resources.add(resource(uri, instanceId(uri), InstanceState.TERMINATED,
                            Optional.of(TerminationReason.NORESOURCE.wire()), Optional.empty())));
        }
        String rootCid = "rlmi." + version + "@" + CID_DOMAIN;
        byte[] rlmi = RLMI_RENDERER.render(context.entity(), version, fullState, resources);
        parts.add(0, new Part(rootCid, RLMI + ";charset=UTF-8", rlmi));
        String boundary = boundary(version, parts);
        String contentType = "multipart/related;type=\"" + RLMI + "\";start=\"<" + rootCid + ">\";boundary=\""
                + boundary + "\"";
        return new Rendered(multipart(boundary, parts), contentType, new Memory(true, next));
    }

    private static RlmiRenderer.Resource resource(String uri, String id, InstanceState state,
                                                  Optional<String> reason, Optional<String> cid) {
        return new RlmiRenderer.Resource(uri, id, state, reason, cid);
    }

    /** A stable instance id for a member: the first 48 bits of SHA-256 of its URI, in hex. */
    static String instanceId(String uri) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return "i" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** RFC 2046 5.1.1: the boundary must not occur in any part. */
    private static String boundary(long version, List<Part> parts) {
        for (int n = 0; ; n++) {
            String candidate = "presencegw-rlmi-" + Long.toHexString(version) + (n == 0 ? "" : "-" + n);
            byte[] b = candidate.getBytes(StandardCharsets.US_ASCII);
            if (parts.stream().noneMatch(p -> contains(p.bytes(), b))) {
                return candidate;
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** RFC 2046 5.1.1 / RFC 2387: no preamble, each part with Content-Transfer-Encoding, Content-ID, Content-Type. */
    private static byte[] multipart(String boundary, List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(("--" + boundary + "\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <" + p.cid()
                    + ">\r\nContent-Type: " + p.type() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.bytes());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
