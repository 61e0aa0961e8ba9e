package org.presencegw.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The {@code --help} text and the {@code --version} string. */
final class HelpText {
    static final String TEXT = CommandLine.USAGE + "\n"
            + "\n"
            + "XMPP-SIP presence gateway: SIP phones watch Jabber contacts (and each other).\n"
            + "\n"
            + "  --config FILE        run in the foreground, logging to stdout; SIGTERM or Ctrl-C stops it (exit 0)\n"
            + "  --check-config FILE  validate FILE and try to bind the SIP port, print one line, exit 0 or 2\n"
            + "  --help               this text\n"
            + "  --version            print the version\n"
            + "\n"
            + "Exit status: 0 ok, 1 runtime failure, 2 usage or configuration problem (one line: FILE:LINE: problem).\n"
            + "Log level: system property or environment variable GATEWAY_LOG_LEVEL (default INFO).\n";

    private static final String POM_PROPERTIES = "/META-INF/maven/org.presencegw/gateway/pom.properties";

    private HelpText() {
    }

    /** The Maven version recorded in the jar, or {@code development build} when run from classes. */
    static String version() {
        try (InputStream in = HelpText.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "development build";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "development build");
        } catch (IOException e) {
            return "development build";
        }
    }
}
