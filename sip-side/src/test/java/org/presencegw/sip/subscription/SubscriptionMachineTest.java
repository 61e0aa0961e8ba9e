package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.model.TerminationReason;

class SubscriptionMachineTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final PresenceState OPEN = new PresenceState.Known(
            new PresenceDocument(List.of(PresenceTuple.of("t", Basic.OPEN)), Optional.empty()));

    private final SubscriptionMachine machine = new SubscriptionMachine("call-1");

    private static SubscriptionAction.SendNotify notifyIn(List<SubscriptionAction> actions) {
        return actions.stream().filter(SubscriptionAction.SendNotify.class::isInstance)
                .map(SubscriptionAction.SendNotify.class::cast).findFirst().orElseThrow();
    }

    @Test
    void accepted_known_respondThenActiveNotifyThenExpiry() {
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.Accepted(OPEN, 600), T0);
        assertEquals(new SubscriptionAction.RespondOk(600), a.get(0));
        SubscriptionAction.SendNotify n = assertInstanceOf(SubscriptionAction.SendNotify.class, a.get(1));
        assertEquals(SubscriptionState.ACTIVE, n.state());
        assertEquals(OPEN, n.body());
        assertEquals(T0.plusSeconds(600), n.expiresAt());
        assertEquals(new SubscriptionAction.ScheduleExpiry(T0.plusSeconds(600)), a.get(2));
        assertEquals(SubscriptionState.ACTIVE, machine.state());
    }

    @Test
    void accepted_pending_pendingNotifyWithoutState() {
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.Accepted(PresenceState.PENDING, 60), T0);
        assertEquals(SubscriptionState.PENDING, notifyIn(a).state());
        assertInstanceOf(PresenceState.Pending.class, notifyIn(a).body());
    }

    @Test
    @DisplayName("AZ-05")
    void accepted_unknown_activeWithoutBody() {
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.Accepted(PresenceState.UNKNOWN, 60), T0);
        assertEquals(SubscriptionState.ACTIVE, notifyIn(a).state());
        assertInstanceOf(PresenceState.Unknown.class, notifyIn(a).body());
    }

    @Test
    void accepted_expiresZero_fetchTerminatedTimeoutWithStateAndRelease() {
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.Accepted(OPEN, 0), T0);
        assertEquals(new SubscriptionAction.RespondOk(0), a.get(0));
        assertEquals(Optional.of(TerminationReason.TIMEOUT), notifyIn(a).reason());
        assertEquals(OPEN, notifyIn(a).body());
        assertInstanceOf(SubscriptionAction.Release.class, a.get(a.size() - 1));
        assertEquals(SubscriptionState.TERMINATED, machine.state());
    }

    @Test
    void accepted_sourceTerminated_terminatedWithSourceReason() {
        List<SubscriptionAction> a = machine.handle(
                new SubscriptionEvent.Accepted(new PresenceState.Terminated(TerminationReason.REJECTED), 60), T0);
        assertEquals(Optional.of(TerminationReason.REJECTED), notifyIn(a).reason());
        assertInstanceOf(PresenceState.Unknown.class, notifyIn(a).body());
    }

    @Test
    void pending_sourcePublishesKnown_active() {
        machine.handle(new SubscriptionEvent.Accepted(PresenceState.PENDING, 60), T0);
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.SourceChanged(OPEN), T0);
        assertEquals(SubscriptionState.ACTIVE, machine.state());
        assertEquals(OPEN, notifyIn(a).body());
    }

    @Test
    void pending_pendingAgain_noNotify() {
        machine.handle(new SubscriptionEvent.Accepted(PresenceState.PENDING, 60), T0);
        assertTrue(machine.handle(new SubscriptionEvent.SourceChanged(PresenceState.PENDING), T0).isEmpty());
    }

    @Test
    void active_refresh_okNotifyAndNewExpiry() {
        machine.handle(new SubscriptionEvent.Accepted(OPEN, 60), T0);
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.Refreshed(120), T0.plusSeconds(30));
        assertEquals(new SubscriptionAction.RespondOk(120), a.get(0));
        assertEquals(T0.plusSeconds(150), notifyIn(a).expiresAt());
        assertEquals(new SubscriptionAction.ScheduleExpiry(T0.plusSeconds(150)), a.get(2));
    }

    @Test
    void active_refreshZero_unsubscribeTerminatedTimeoutWithState() {
        machine.handle(new SubscriptionEvent.Accepted(OPEN, 60), T0);
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.Refreshed(0), T0);
        assertEquals(SubscriptionState.TERMINATED, notifyIn(a).state());
        assertEquals(OPEN, notifyIn(a).body());
        assertInstanceOf(SubscriptionAction.Release.class, a.get(a.size() - 1));
    }

    @Test
    void active_expired_terminatedTimeout() {
        machine.handle(new SubscriptionEvent.Accepted(PresenceState.UNKNOWN, 60), T0);
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.Expired(), T0.plusSeconds(60));
        assertEquals(Optional.of(TerminationReason.TIMEOUT), notifyIn(a).reason());
        assertEquals(SubscriptionState.TERMINATED, machine.state());
    }

    @Test
    void active_notifyFailed_releaseWithoutNotify() {
        machine.handle(new SubscriptionEvent.Accepted(OPEN, 60), T0);
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.NotifyFailed("481"), T0);
        assertEquals(List.of(new SubscriptionAction.Release()), a);
    }

    @Test
    void active_shutdown_deactivatedWithoutBody() {
        machine.handle(new SubscriptionEvent.Accepted(OPEN, 60), T0);
        List<SubscriptionAction> a = machine.handle(new SubscriptionEvent.Shutdown(), T0);
        assertEquals(Optional.of(TerminationReason.DEACTIVATED), notifyIn(a).reason());
        assertInstanceOf(PresenceState.Unknown.class, notifyIn(a).body());
    }

    @Test
    void terminated_anyEvent_noActions() {
        machine.handle(new SubscriptionEvent.Accepted(OPEN, 0), T0);
        assertTrue(machine.handle(new SubscriptionEvent.SourceChanged(OPEN), T0).isEmpty());
        assertTrue(machine.handle(new SubscriptionEvent.Expired(), T0).isEmpty());
        assertTrue(machine.handle(new SubscriptionEvent.Refreshed(60), T0).isEmpty());
    }

    @Test
    void new_refresh_programmerError() {
        assertThrows(IllegalStateException.class, () -> machine.handle(new SubscriptionEvent.Refreshed(60), T0));
    }
}
