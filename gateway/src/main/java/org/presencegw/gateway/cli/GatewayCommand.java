package org.presencegw.gateway.cli;

import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.presencegw.gateway.config.ConfigException;
import org.presencegw.gateway.config.ConfigLoader;
import org.presencegw.gateway.config.GatewayConfig;
import org.presencegw.gateway.config.LoadedConfig;
import org.presencegw.gateway.config.OpenAccessWarning;
import org.presencegw.gateway.config.PortCheck;
import org.presencegw.gateway.config.SipWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The command line's behaviour, with its streams, launcher and shutdown trigger injected so tests can run it
 * in-process. Exit statuses: 0 success (including a requested shutdown), 1 the gateway failed for a reason other
 * than configuration, 2 usage or configuration problem. Problems are one line on stderr, never a stack trace
 * (stack traces go to the DEBUG log).
 */
public final class GatewayCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_CONFIG = 2;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);

    private final PrintStream out;
    private final PrintStream err;
    private final ConfigLoader loader;
    private final GatewayLauncher launcher;
    private final ShutdownTrigger shutdown;
    private final ReloadTrigger reload;
    private final Duration stopTimeout;

    /**
     * @param reload      where reload requests come from (SIGHUP in production)
     * @param stopTimeout how long a shutdown waits for the gateway to close before giving up on it
     */
    public GatewayCommand(PrintStream out, PrintStream err, ConfigLoader loader, GatewayLauncher launcher,
                          ShutdownTrigger shutdown, ReloadTrigger reload, Duration stopTimeout) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
        this.reload = Objects.requireNonNull(reload, "reload");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    /** Runs the command line and returns the exit status. */
    public int run(String[] args) {
        CommandLine command;
        try {
            command = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        try {
            if (command instanceof CommandLine.Help) {
                out.print(HelpText.TEXT);
                return EXIT_OK;
            }
            if (command instanceof CommandLine.Version) {
                out.println("presence-gateway " + HelpText.version());
                return EXIT_OK;
            }
            if (command instanceof CommandLine.Check check) {
                LoadedConfig loaded = loadAndCheck(check.file());
                GatewayConfig c = loaded.config();
                for (String warning : SipWarnings.of(c.sip().network())) {
                    err.println(check.file() + ": warning: " + warning);
                }
                out.println(check.file() + ": OK (" + count(c.domains().size(), "domain") + ", "
                        + count(c.accounts().size(), "account") + ")");
                OpenAccessWarning.of(c).ifPresent(w -> err.println(check.file() + ": " + w));
                return EXIT_OK;
            }
            return runGateway(loadAndCheck(((CommandLine.Run) command).file()).config());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        } catch (RuntimeException e) {
            LOG.debug("unexpected failure", e);
            err.println("error: " + oneLine(e));
            return EXIT_FAILURE;
        }
    }

    private LoadedConfig loadAndCheck(java.nio.file.Path file) throws ConfigException {
        LoadedConfig loaded = loader.read(file);
        PortCheck.check(loaded);
        return loaded;
    }

    private int runGateway(GatewayConfig config) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // Asked for before the start: a stop requested while the gateway starts (systemd stopping a unit that is
        // still starting, Ctrl-C at once) stops what was started as soon as the start returns, and exits 0. The
        // request waits until the gateway is closed or its start failed.
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        shutdown.onShutdown(() -> {
            stopRequested.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AutoCloseable gateway;
        try {
            gateway = launcher.start(config);
        } catch (Exception e) {
            done.countDown();
            LOG.debug("start failed", e);
            if (e instanceof ConfigException) {
                err.println(e.getMessage());
            } else {
                err.println("error: " + oneLine(e));
            }
            return isConfigProblem(e) ? EXIT_CONFIG : EXIT_FAILURE;
        }
        if (gateway instanceof Reloadable reloadable) {
            Runnable fromFile = () -> reload(config.file(), reloadable);
            reload.onReload(fromFile);
            reloadable.reloadWith(fromFile);
        }
        LOG.info("running with {}; stop with SIGTERM or Ctrl-C, reload the file with SIGHUP", config.file());
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(gateway);
        done.countDown();
        return EXIT_OK;
    }

    /**
     * Reads {@code file} again and applies it; a file that {@code --check-config} would refuse is refused with the
     * same one-line error, and the running configuration stays.
     */
    private void reload(Path file, Reloadable gateway) {
        LOG.info("reloading {}", file);
        GatewayConfig next;
        try {
            next = loader.read(file).config();
        } catch (ConfigException e) {
            LOG.error("{} (configuration not reloaded; the running one stays)", e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.error("configuration not reloaded: {}", oneLine(e));
            LOG.debug("reload failure", e);
            return;
        }
        try {
            gateway.reload(next);
        } catch (RuntimeException e) {
            LOG.error("configuration reload failed: {}", oneLine(e));
            LOG.debug("reload failure", e);
        }
    }

    /** Closes the gateway on a helper thread and waits at most {@link #stopTimeout}. */
    private void stop(AutoCloseable gateway) {
        Thread closer = new Thread(() -> {
            try {
                gateway.close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", oneLine(e));
                LOG.debug("stop failure", e);
            }
        }, "gateway-stop");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(stopTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("gateway did not stop within {} s; exiting anyway", stopTimeout.toSeconds());
        }
    }

    private static boolean isConfigProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException || t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** The first line of the message, or the exception's simple name when it has none. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.isEmpty() ? e.getClass().getSimpleName() : line;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
