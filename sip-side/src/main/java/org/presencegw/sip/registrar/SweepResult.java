package org.presencegw.sip.registrar;

import java.util.List;
import org.presencegw.sip.store.SipChange;

/**
 * What one expiry sweep removed: the lapsed bindings, the per-AOR presence changes they cause, and the store writes
 * that record them.
 */
public record SweepResult(List<Binding> expired, List<BindingsChanged> changes, List<SipChange> writes) {

    public SweepResult {
        expired = List.copyOf(expired);
        changes = List.copyOf(changes);
        writes = List.copyOf(writes);
    }
}
