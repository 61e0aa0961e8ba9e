package org.presencegw.sip.registrar;

import java.util.List;

/** What one expiry sweep removed: the lapsed bindings and the per-AOR changes they cause. */
public record SweepResult(List<Binding> expired, List<BindingsChanged> changes) {

    public SweepResult {
        expired = List.copyOf(expired);
        changes = List.copyOf(changes);
    }
}
