package org.presencegw.gateway.cli;

import java.nio.file.Path;

/**
 * The four command-line forms: {@code --config FILE}, {@code --check-config FILE}, {@code --help},
 * {@code --version} (also {@code --config=FILE}, {@code -h}, {@code -V}). Exactly one is required.
 */
public sealed interface CommandLine {
    String USAGE = "usage: java -jar gateway.jar (--config FILE | --check-config FILE | --help | --version)";

    /** Run the gateway in the foreground. */
    record Run(Path file) implements CommandLine {
    }

    /** Validate the file (and try the SIP port), print one line, exit 0 or 2. */
    record Check(Path file) implements CommandLine {
    }

    record Help() implements CommandLine {
    }

    record Version() implements CommandLine {
    }

    /** A command line that is not one of the forms; the message is one line for stderr. */
    final class UsageException extends Exception {
        public UsageException(String problem) {
            super(problem + "; " + USAGE, null, false, false);
        }
    }

    static CommandLine parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no option given");
        }
        String first = args[0];
        int eq = first.indexOf('=');
        String flag = first.startsWith("--") && eq > 0 ? first.substring(0, eq) : first;
        return switch (flag) {
            case "--help", "-h" -> noMore(args, 1, new Help());
            case "--version", "-V" -> noMore(args, 1, new Version());
            case "--config", "--check-config" -> withFile(args, flag, eq > 0 ? first.substring(eq + 1) : null);
            default -> throw new UsageException("unknown option '" + first + "'");
        };
    }

    private static CommandLine withFile(String[] args, String flag, String inline) throws UsageException {
        String file = inline;
        int used = 1;
        if (file == null) {
            if (args.length < 2 || args[1].startsWith("--")) {
                throw new UsageException(flag + " needs a FILE");
            }
            file = args[1];
            used = 2;
        }
        if (file.isEmpty()) {
            throw new UsageException(flag + " needs a FILE");
        }
        Path path = Path.of(file);
        return noMore(args, used, flag.equals("--config") ? new Run(path) : new Check(path));
    }

    private static CommandLine noMore(String[] args, int used, CommandLine command) throws UsageException {
        if (args.length > used) {
            throw new UsageException("unexpected argument '" + args[used] + "'");
        }
        return command;
    }
}
