package org.presencegw.sip.registrar;

import java.util.List;
import java.util.Optional;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;

/**
 * Turns an AOR's registration bindings into its presence (CONFORMANCE REG-14, after RFC 3856 section 7.2):
 * one open tuple per live binding whose contact is the binding's URI and whose id stays the same for the life of
 * the binding; no binding gives one closed tuple, never an empty document.
 */
public final class BindingPresenceMapper {

    /** Tuple id of the single closed tuple of an AOR without bindings. */
    public static final String CLOSED_TUPLE_ID = "registrar";

    private BindingPresenceMapper() {
    }

    /** The presence document for these (live) bindings. */
    public static PresenceDocument toDocument(List<Binding> bindings) {
        if (bindings.isEmpty()) {
            return new PresenceDocument(List.of(PresenceTuple.of(CLOSED_TUPLE_ID, Basic.CLOSED)), Optional.empty());
        }
        List<PresenceTuple> tuples = bindings.stream()
                .map(b -> new PresenceTuple(b.contact().stableId(), Basic.OPEN, Optional.empty(),
                        Optional.of(b.contact().text()), b.q(), List.of(), Optional.empty()))
                .toList();
        return new PresenceDocument(tuples, Optional.empty());
    }
}
