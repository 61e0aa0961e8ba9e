package org.presencegw.sip.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.presencegw.sip.api.EventSettings;

/**
 * The event packages a presence server serves, by name: what {@code Event} values are accepted (others get 489
 * with {@code Allow-Events} listing {@link #names}) and what {@code OPTIONS} advertises. Immutable.
 */
public final class EventPackages {

    private final Map<String, EventPackage> byName;

    private EventPackages(Map<String, EventPackage> byName) {
        this.byName = byName;
    }

    /** The packages, in the order they are advertised. */
    public static EventPackages of(EventPackage... packages) {
        Map<String, EventPackage> map = new LinkedHashMap<>();
        for (EventPackage p : packages) {
            if (map.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("package " + p.name() + " twice");
            }
        }
        return new EventPackages(Collections.unmodifiableMap(map));
    }

    /** Only the presence package (RFC 3856). */
    public static EventPackages presenceOnly() {
        return of(new PresencePackage());
    }

    /** Presence, and dialog (RFC 4235) with its BLF profiles when {@code settings} serve it. */
    public static EventPackages from(EventSettings settings) {
        return settings.dialog() ? of(new PresencePackage(), new DialogPackage(settings.blf()))
                : presenceOnly();
    }

    /** The package named by an {@code Event} header's type (case-sensitive token, RFC 6665 8.2.1). */
    public Optional<EventPackage> find(String eventType) {
        return Optional.ofNullable(byName.get(eventType));
    }

    /** Package names for {@code Allow-Events}. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** Every media type any package produces, for the {@code Accept} of an OPTIONS answer. */
    public Set<String> mediaTypes() {
        Set<String> types = new LinkedHashSet<>();
        byName.values().forEach(p -> types.addAll(p.mediaTypes()));
        return types;
    }
}
