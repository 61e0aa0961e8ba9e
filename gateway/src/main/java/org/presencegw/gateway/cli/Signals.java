package org.presencegw.gateway.cli;

import java.lang.reflect.Proxy;

/**
 * A handler of our own for a POSIX signal, through {@code sun.misc.Signal} of the {@code jdk.unsupported} module,
 * reached by reflection: a direct reference is a compiler warning that cannot be suppressed, and the build treats
 * warnings as errors.
 */
final class Signals {

    private Signals() {
    }

    /**
     * Runs {@code action} on a thread of the JVM's at every delivery of {@code SIG<name>} (e.g. {@code "TERM"}),
     * instead of the JVM's default for it.
     *
     * @return true when the signal stays ignored: the process was started with it ignored (under {@code nohup},
     *     or a shell's background job for INT), which the JVM keeps whatever Java asks (HotSpot's
     *     {@code JVM_RegisterSignal}) and says only through the handler it returns
     * @throws ReflectiveOperationException without {@code sun.misc.Signal}
     * @throws IllegalArgumentException when the JVM keeps the signal for itself (e.g. under {@code -Xrs})
     */
    static boolean handle(String name, String description, Runnable action) throws ReflectiveOperationException {
        Class<?> signalClass = Class.forName("sun.misc.Signal");
        Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        action.run();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> description;
                });
        Object before;
        try {
            before = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw e;
        }
        return before != null && before.equals(handlerClass.getField("SIG_IGN").get(null));
    }
}
