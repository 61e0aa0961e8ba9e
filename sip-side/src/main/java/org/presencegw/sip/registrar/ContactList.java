package org.presencegw.sip.registrar;

import java.util.ArrayList;
import java.util.List;

/**
 * The Contact header values of a REGISTER, read as RFC 3261 section 10.3 steps 6 and 10.2.2 define them: none
 * (a query), the wildcard {@code *}, or a list of contacts.
 */
sealed interface ContactList {

    /** No Contact header: a query for the current bindings (RFC 3261 section 10.2.3). */
    record Query() implements ContactList {
    }

    /** {@code Contact: *} alone. */
    record Wildcard() implements ContactList {
    }

    /** One or more contacts with their header parameters. */
    record Listed(List<NameAddr> contacts) implements ContactList {
        public Listed {
            contacts = List.copyOf(contacts);
        }
    }

    /**
     * Parses all Contact header values.
     *
     * @throws IllegalArgumentException when a contact is malformed, or {@code *} is mixed with other contacts
     */
    static ContactList parse(List<String> headerValues) {
        List<String> elements = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : NameAddr.splitElements(value)) {
                if (element.isBlank()) {
                    throw new IllegalArgumentException("empty Contact element");
                }
                elements.add(element.strip());
            }
        }
        if (elements.isEmpty()) {
            return new Query();
        }
        if (elements.contains("*")) {
            if (elements.size() > 1) {
                throw new IllegalArgumentException("'Contact: *' together with other contacts");
            }
            return new Wildcard();
        }
        List<NameAddr> contacts = new ArrayList<>(elements.size());
        for (String element : elements) {
            contacts.add(NameAddr.parse(element));
        }
        return new Listed(contacts);
    }
}
