package org.presencegw.sip.api;

/**
 * What a BLF key shows for a presentity watched with the {@code dialog} package (RFC 4235), as the gateway renders
 * it: the lamp is the phone's, the dialog-info document only says which dialog state to show.
 */
public enum BlfLamp {
    /** No active dialog: lamp idle (green or off, depending on the phone). */
    IDLE,
    /** One {@code confirmed} dialog: lamp busy (solid red on most phones). */
    BUSY,
    /**
     * One {@code confirmed} dialog whose local target says {@code +sip.rendering=no} (held call): a slow blink on
     * phones that show hold on a BLF key, busy on the others.
     */
    HELD
}
