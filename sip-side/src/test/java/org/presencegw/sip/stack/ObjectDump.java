package org.presencegw.sip.stack;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text rendering of an object graph, every instance field of every object of the RI's packages (and ours) down to
 * strings, numbers and the JDK's collections, so that two objects made two ways can be compared field by field:
 * equal dumps, equal objects as far as any method of theirs can tell. Cycles are named, not followed.
 */
final class ObjectDump {

    private ObjectDump() {
    }

    static String of(Object o) {
        StringBuilder out = new StringBuilder();
        dump(o, out, new IdentityHashMap<>(), 0);
        return out.toString();
    }

    private static void dump(Object o, StringBuilder out, IdentityHashMap<Object, Integer> seen, int depth) {
        if (o == null) {
            out.append("null");
            return;
        }
        Class<?> c = o.getClass();
        if (o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Character
                || c.isEnum()) {
            out.append(c.getSimpleName()).append('(').append(o).append(')');
            return;
        }
        if (o instanceof Calendar cal) {
            // The RI's SIPDate keeps a calendar made at parse time: its milliseconds are the clock's, not the date's
            out.append(String.format("Calendar(%tF %<tT %s)", cal, cal.getTimeZone().getID()));
            return;
        }
        if (o instanceof Class<?> k) {
            out.append("class ").append(k.getName());
            return;
        }
        Integer id = seen.get(o);
        if (id != null) {
            out.append("@ref").append(id);
            return;
        }
        seen.put(o, seen.size());
        if (depth > 40) {
            throw new IllegalStateException("too deep at " + c);
        }
        if (c.isArray()) {
            out.append(c.getComponentType().getSimpleName()).append('[');
            for (int i = 0; i < Array.getLength(o); i++) {
                dump(Array.get(o, i), out, seen, depth + 1);
                out.append(',');
            }
            out.append(']');
            return;
        }
        if (o instanceof Map<?, ?> map) {
            // in the map's own order: the RI's maps keep insertion order, which encoding follows
            out.append("map{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                dump(e.getKey(), out, seen, depth + 1);
                out.append('=');
                dump(e.getValue(), out, seen, depth + 1);
                out.append(',');
            }
            out.append('}');
            return;
        }
        if (o instanceof Collection<?> list && c.getName().startsWith("java.")) {
            out.append("list[");
            for (Object e : list) {
                dump(e, out, seen, depth + 1);
                out.append(',');
            }
            out.append(']');
            return;
        }
        if (c.getName().startsWith("java.")) {
            out.append(c.getSimpleName()).append('(').append(o).append(')');
            return;
        }
        out.append(c.getName()).append('{');
        for (Field f : fields(c)) {
            f.setAccessible(true);
            out.append(f.getName()).append('=');
            try {
                dump(f.get(o), out, seen, depth + 1);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            out.append(';');
        }
        out.append('}');
    }

    private static List<Field> fields(Class<?> c) {
        List<Field> all = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    all.add(f);
                }
            }
        }
        return all;
    }
}
