package org.presencegw.sip.publish;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.stack.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event state compositor for the presence package (RFC 3903 section 6): publications per Request-URI under
 * entity-tags, initial / refresh / modify / remove, expiry by {@link #sweep}, and the composed state watchers see.
 * Requests are serialised, so they apply atomically and in arrival order (CONFORMANCE PUB-10). It reads no clock:
 * the caller passes {@code now}.
 *
 * <p>This class is thread-safe.
 */
public final class PublicationStore {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationStore.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);
    private static final String PIDF = "application/pidf+xml";

    private final ExpiryPolicy expiry;
    private final Predicate<SipAddress> resourceExists;
    private final SecureRandom random;
    private final Map<SipAddress, Map<String, Publication>> byResource = new HashMap<>();
    /**
     * No publication lapses before this (a lower bound): every publication stored lowers it, a sweep that finds it
     * passed walks them all and sets it to the earliest expiry left. Publishers that refresh in time cost no walk.
     */
    private Instant sweepDue = Instant.MIN;
    private long counter;

    /**
     * @param expiry         default, minimum and maximum publication lifetimes
     * @param resourceExists whether the ESC is responsible for a presentity (RFC 3903 section 6 step 1)
     * @param random         source of the unguessable part of entity-tags
     */
    public PublicationStore(ExpiryPolicy expiry, Predicate<SipAddress> resourceExists, SecureRandom random) {
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.resourceExists = Objects.requireNonNull(resourceExists, "resourceExists");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Decides one PUBLISH at {@code now} and applies it when it succeeds. */
    public synchronized PublishOutcome process(PublishRequest request, Instant now) {
        Optional<SipAddress> resource = resource(request.requestUri());
        // Step 1: a Request-URI the ESC is not responsible for gets 404 (PUB-01).
        if (resource.isEmpty() || !resourceExists.test(resource.get())) {
            return fail(404, "Not Found", Map.of());
        }
        // Step 2: exactly the presence event package (PUB-02).
        if (request.event().map(e -> e.split(";", 2)[0].strip()).filter("presence"::equals).isEmpty()) {
            return fail(489, "Bad Event", Map.of("Allow-Events", "presence"));
        }
        List<String> tags = request.ifMatch().stream().flatMap(v -> List.of(v.split(",", -1)).stream())
                .map(String::strip).toList();
        // Step 3: several entity-tags are 400; an unknown (or lapsed) one is 412 (PUB-04).
        if (tags.size() > 1 || tags.stream().anyMatch(String::isEmpty)) {
            return fail(400, "Exactly one entity-tag allowed in SIP-If-Match", Map.of());
        }
        Map<String, Publication> current = live(resource.get(), now);
        Optional<Publication> matched = tags.stream().findFirst().map(current::get);
        if (!tags.isEmpty() && matched.isEmpty()) {
            return fail(412, "Conditional Request Failed", Map.of());
        }
        // Step 4: 0 < expires < minimum is 423; above the maximum it is lowered (PUB-05).
        long requested = request.expires().flatMap(ExpiryPolicy::parseDeltaSeconds).orElse(expiry.defaultSeconds());
        if (expiry.tooBrief(requested)) {
            return fail(423, "Interval Too Brief", Map.of("Min-Expires", Long.toString(expiry.minSeconds())));
        }
        // Step 5: an initial PUBLISH needs a body (PUB-07); only PIDF is understood (PUB-06).
        if (tags.isEmpty() && request.body().isEmpty()) {
            return fail(400, "Initial PUBLISH without a body", Map.of());
        }
        Optional<Published> document = Optional.empty();
        if (request.body().isPresent()) {
            PublishBody body = request.body().get();
            if (!body.mediaType().equals(PIDF)) {
                return fail(415, "Unsupported Media Type", Map.of("Accept", PIDF));
            }
            try {
                document = Optional.of(new Published(PidfParser.parse(body.bytes()), body));
            } catch (PidfParseException e) {
                REMOTE.warn("PUBLISH to {} with a refused PIDF body: {}", resource.get(), e.getMessage());
                return fail(400, "Bad PIDF: " + e.getMessage(), Map.of());
            }
        }
        return apply(resource.get(), current, matched, document, requested, now);
    }

    /** A parsed body and the body it came from. */
    private record Published(PresenceDocument document, PublishBody body) {
    }

    private PublishOutcome apply(SipAddress resource, Map<String, Publication> current, Optional<Publication> matched,
                                 Optional<Published> document, long requested, Instant now) {
        // Compare with everything stored, lapsed-but-unswept included, so that dropping one here is reported.
        Optional<PresenceDocument> before = PresenceComposer.compose(
                List.copyOf(byResource.getOrDefault(resource, Map.of()).values()));
        Map<String, Publication> after = new LinkedHashMap<>(current);
        List<SipChange> writes = new ArrayList<>();
        matched.ifPresent(m -> {
            after.remove(m.etag());
            writes.add(new SipChange.RemovePublication(m.etag()));
        });
        Optional<String> etag = Optional.empty();
        long granted = 0;
        if (requested > 0) {
            granted = expiry.grant(requested);
            etag = Optional.of(freshEtag());
            Publication p = document.isPresent()
                    ? new Publication(resource, etag.get(), document.get().document(), document.get().body(),
                            now.plusSeconds(granted), ++counter)
                    : new Publication(resource, etag.get(), matched.orElseThrow().document(),
                            matched.orElseThrow().body(), now.plusSeconds(granted), matched.orElseThrow().revision());
            after.put(p.etag(), p);
            writes.add(new SipChange.PutPublication(p.toRow()));
        }
        store(resource, after);
        Optional<PresenceDocument> state = PresenceComposer.compose(List.copyOf(after.values()));
        Optional<PublicationChange> change = state.equals(before) ? Optional.empty()
                : Optional.of(new PublicationChange(resource, state));
        LOG.debug("PUBLISH {} {} -> etag {} for {}s{}", resource, matched.map(Publication::etag).orElse("(initial)"),
                etag.orElse("(removed)"), granted, change.isPresent() ? ", state changed" : "");
        return new PublishOutcome.Success(etag, granted, change, writes);
    }

    /** What a sweep removed: one change per presentity whose composed state changed, and the store writes. */
    public record Swept(List<PublicationChange> changes, List<SipChange> writes) {
        public Swept {
            changes = List.copyOf(changes);
            writes = List.copyOf(writes);
        }
    }

    /** Removes lapsed publications. */
    public synchronized Swept sweep(Instant now) {
        if (now.isBefore(sweepDue)) {
            return new Swept(List.of(), List.of());
        }
        Instant nextDue = Instant.MAX;
        List<PublicationChange> changes = new ArrayList<>();
        List<SipChange> writes = new ArrayList<>();
        // First find the few resources with a lapsed publication, without building anything for the rest: this
        // runs every second under the store's lock, which PUBLISH requests wait for.
        List<SipAddress> lapsed = new ArrayList<>();
        for (Map.Entry<SipAddress, Map<String, Publication>> e : byResource.entrySet()) {
            boolean any = false;
            for (Publication p : e.getValue().values()) {
                if (p.expiredAt(now)) {
                    any = true;
                    break;
                }
            }
            if (any) {
                lapsed.add(e.getKey());
            } else {
                nextDue = earliest(e.getValue(), nextDue);
            }
        }
        for (SipAddress resource : lapsed) {
            Map<String, Publication> all = byResource.get(resource);
            Map<String, Publication> live = live(resource, now);
            all.values().stream().filter(p -> p.expiredAt(now))
                    .forEach(p -> writes.add(new SipChange.RemovePublication(p.etag())));
            Optional<PresenceDocument> before = PresenceComposer.compose(List.copyOf(all.values()));
            store(resource, live);
            nextDue = earliest(live, nextDue);
            Optional<PresenceDocument> after = PresenceComposer.compose(List.copyOf(live.values()));
            if (!after.equals(before)) {
                changes.add(new PublicationChange(resource, after));
            }
        }
        sweepDue = nextDue;
        return new Swept(changes, writes);
    }

    private static Instant earliest(Map<String, Publication> publications, Instant bound) {
        Instant min = bound;
        for (Publication p : publications.values()) {
            if (p.expiresAt().isBefore(min)) {
                min = p.expiresAt();
            }
        }
        return min;
    }

    /**
     * Takes up the publications a store held (at start-up): live ones keep their entity-tag, so that a refresh with
     * {@code SIP-If-Match} succeeds after a restart; the writes returned remove lapsed and unreadable ones.
     * Returns the resources that have live publications, and those writes.
     */
    public synchronized Restored restore(List<PublicationRow> rows, Instant now) {
        List<SipChange> writes = new ArrayList<>();
        Set<SipAddress> resources = new LinkedHashSet<>();
        for (PublicationRow row : rows) {
            try {
                Publication p = Publication.fromRow(row);
                if (p.expiredAt(now)) {
                    writes.add(new SipChange.RemovePublication(row.etag()));
                    continue;
                }
                byResource.computeIfAbsent(p.resource(), r -> new LinkedHashMap<>()).put(p.etag(), p);
                if (p.expiresAt().isBefore(sweepDue)) {
                    sweepDue = p.expiresAt();
                }
                resources.add(p.resource());
                counter = Math.max(counter, Math.max(p.revision(), etagCounter(p.etag())));
            } catch (PidfParseException | IllegalArgumentException e) {
                LOG.warn("stored publication {} of {} dropped: {}", row.etag(), row.resource(), e.getMessage());
                writes.add(new SipChange.RemovePublication(row.etag()));
            }
        }
        return new Restored(List.copyOf(resources), writes);
    }

    /** What {@link #restore} took up. */
    public record Restored(List<SipAddress> resources, List<SipChange> writes) {
    }

    /** Every stored publication as a store row (for the rewrite after the store recovered). */
    public synchronized List<PublicationRow> rows() {
        List<PublicationRow> rows = new ArrayList<>();
        byResource.values().forEach(m -> m.values().forEach(p -> rows.add(p.toRow())));
        return rows;
    }

    /** The counter part of an entity-tag made by {@link #freshEtag}, 0 when it has none. */
    private static long etagCounter(String etag) {
        int dot = etag.indexOf('.');
        try {
            return dot <= 0 ? 0 : Long.parseLong(etag.substring(0, dot), 36);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The composed published state of a presentity at {@code now}; empty when nothing live is published. */
    public synchronized Optional<PresenceDocument> state(SipAddress resource, Instant now) {
        return PresenceComposer.compose(List.copyOf(live(resource.withoutGr(), now).values()));
    }

    private Map<String, Publication> live(SipAddress resource, Instant now) {
        Map<String, Publication> live = new LinkedHashMap<>();
        byResource.getOrDefault(resource, Map.of()).values().stream().filter(p -> !p.expiredAt(now))
                .forEach(p -> live.put(p.etag(), p));
        return live;
    }

    private void store(SipAddress resource, Map<String, Publication> publications) {
        if (publications.isEmpty()) {
            byResource.remove(resource);
        } else {
            byResource.put(resource, publications);
            sweepDue = earliest(publications, sweepDue);
        }
    }

    /** RFC 3903 section 6 step 8: a fresh entity-tag, unique (counter) and unguessable (random part). */
    private String freshEtag() {
        byte[] r = new byte[9];
        random.nextBytes(r);
        return Long.toString(++counter, 36) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(r);
    }

    private static Optional<SipAddress> resource(String requestUri) {
        try {
            return Optional.of(SipAddress.parse(requestUri).withoutGr());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PublishOutcome fail(int status, String reason, Map<String, String> headers) {
        return new PublishOutcome.Failure(status, reason, headers);
    }
}
