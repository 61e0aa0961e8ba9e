package org.presencegw.xmpp;

import java.lang.reflect.Field;
import java.util.function.Consumer;

/** Smack's private fields that {@link ModularTransportTuning} and {@link StalledWrites} reach (docs/STACK.md §2). */
final class PrivateFields {
    private PrivateFields() {
    }

    /**
     * The accessible field, or null when the type has none of that name (a Smack upgrade renamed it): then
     * {@code warn} gets one line that ends with {@code consequence}.
     */
    static Field open(Class<?> type, String name, Consumer<String> warn, String consequence) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            warn.accept(type.getSimpleName() + " has no field " + name + " (" + e + "); " + consequence);
            return null;
        }
    }
}
