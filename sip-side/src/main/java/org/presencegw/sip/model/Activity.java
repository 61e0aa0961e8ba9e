package org.presencegw.sip.model;

import java.util.Arrays;
import java.util.Optional;

/** RPID person activities (RFC 4480 section 3.2), namespace {@code urn:ietf:params:xml:ns:pidf:rpid}. */
public enum Activity {
    APPOINTMENT("appointment"),
    AWAY("away"),
    BREAKFAST("breakfast"),
    BUSY("busy"),
    DINNER("dinner"),
    HOLIDAY("holiday"),
    IN_TRANSIT("in-transit"),
    LOOKING_FOR_WORK("looking-for-work"),
    LUNCH("lunch"),
    MEAL("meal"),
    MEETING("meeting"),
    ON_THE_PHONE("on-the-phone"),
    OTHER("other"),
    PERFORMANCE("performance"),
    PERMANENT_ABSENCE("permanent-absence"),
    PLAYING("playing"),
    PRESENTATION("presentation"),
    SHOPPING("shopping"),
    SLEEPING("sleeping"),
    SPECTATOR("spectator"),
    STEERING("steering"),
    TRAVEL("travel"),
    TV("tv"),
    UNKNOWN("unknown"),
    VACATION("vacation"),
    WORKING("working"),
    WORSHIP("worship");

    private final String element;

    Activity(String element) {
        this.element = element;
    }

    /** The RPID element's local name, e.g. {@code on-the-phone}. */
    public String element() {
        return element;
    }

    public static Optional<Activity> fromElement(String localName) {
        return Arrays.stream(values()).filter(a -> a.element.equals(localName)).findFirst();
    }
}
