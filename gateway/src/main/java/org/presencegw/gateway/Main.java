package org.presencegw.gateway;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import org.presencegw.gateway.cli.GatewayCommand;
import org.presencegw.gateway.cli.HangupSignal;
import org.presencegw.gateway.cli.JvmShutdownTrigger;
import org.presencegw.gateway.config.ConfigLoader;

/**
 * Entry point: {@code java -jar gateway.jar (--config FILE | --check-config FILE | --help | --version)}. The
 * composition of the command line; the behaviour is in {@link GatewayCommand}.
 */
public final class Main {
    /** How long SIGTERM waits for the gateway to close (final NOTIFYs, XMPP logout) before exiting anyway. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private Main() {
    }

    public static void main(String[] args) {
        ThreadDeaths.install();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the real gateway and returns the exit status (0, 1 or 2). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<String> badFormat = LogFormat.problem(System::getProperty, System::getenv);
        if (badFormat.isPresent()) { // before the first logger: logback would silently drop every line
            err.println("gateway: " + badFormat.get());
            return 2;
        }
        return new GatewayCommand(out, err, new ConfigLoader(System::getenv), Gateway::start,
                new JvmShutdownTrigger(), new HangupSignal(), STOP_TIMEOUT).run(args);
    }
}
