package org.presencegw.gateway.cli;

import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads the configuration, instead of the JVM's default for it (shutting down). Through
 * {@code sun.misc.Signal} of the {@code jdk.unsupported} module, reached by reflection: a direct reference is a
 * compiler warning that cannot be suppressed, and the build treats warnings as errors. Where the JVM does not allow
 * it, one warning says that SIGHUP keeps its default. A process started with SIGHUP ignored (under {@code nohup}) keeps
 * ignoring it whatever Java asks; one warning says so.
 */
public final class HangupSignal implements ReloadTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    @Override
    public void onReload(Runnable reload) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            reload.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "SIGHUP: reload the configuration";
                    });
            Object before = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
            if (before != null && before.equals(handlerClass.getField("SIG_IGN").get(null))) {
                // The JVM keeps a signal that was ignored when the process started ignored (HotSpot's
                // JVM_RegisterSignal), and sun.misc.Signal says so only through the handler it returns.
                LOG.warn("SIGHUP is ignored by this process (it was started with SIGHUP ignored, e.g. under nohup):"
                        + " it will not reload the configuration; use POST /api/reload, or start without nohup");
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("SIGHUP cannot be used to reload the configuration here ({}); it stops the gateway", e);
        }
    }
}
