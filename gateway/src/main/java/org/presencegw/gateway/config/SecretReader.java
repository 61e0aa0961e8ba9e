package org.presencegw.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a password from exactly one of these keys (of an {@code accounts:} entry, of {@code xmpp.bridge_account}
 * or of {@code store:}):
 * <ul>
 *   <li>{@code password}: the password inline (keep the file private);</li>
 *   <li>{@code password_env}: name of an environment variable that must be set and non-empty;</li>
 *   <li>{@code password_file}: path (relative to the config file's directory) of a readable file whose content,
 *       without trailing line breaks, is the password; at most {@value #MAX_FILE_BYTES} bytes.</li>
 * </ul>
 * No message ever contains the secret.
 */
final class SecretReader {
    static final Set<String> KEYS = Set.of("password", "password_env", "password_file");
    static final int MAX_FILE_BYTES = 4096;

    private final UnaryOperator<String> environment;
    private final Path baseDirectory;

    /**
     * @param environment   environment lookup (e.g. {@code System::getenv}); returns {@code null} when unset
     * @param baseDirectory directory against which relative {@code password_file} paths resolve
     */
    SecretReader(UnaryOperator<String> environment, Path baseDirectory) {
        this.environment = environment;
        this.baseDirectory = baseDirectory;
    }

    /** The required XMPP password: {@code password}, {@code password_env} or {@code password_file}. */
    String password(YamlSection account) throws ConfigException {
        return secret(account, "password").orElseThrow(() -> account.error(
                "missing password (give one of password, password_env, password_file)"));
    }

    /**
     * The optional SIP digest password of an account mapping: {@code sip_password}, {@code sip_password_env} or
     * {@code sip_password_file}, with the same rules as the XMPP password.
     */
    java.util.Optional<String> sipPassword(YamlSection account) throws ConfigException {
        return secret(account, "sip_password");
    }

    /**
     * An optional password ({@code password}, {@code password_env} or {@code password_file}) with the same rules as
     * {@link #password}, e.g. for {@code store:}.
     */
    java.util.Optional<String> optionalPassword(YamlSection section) throws ConfigException {
        return secret(section, "password");
    }

    /** The admin listener's optional bearer token: {@code token}, {@code token_env} or {@code token_file}. */
    java.util.Optional<String> token(YamlSection section) throws ConfigException {
        return secret(section, "token");
    }

    private java.util.Optional<String> secret(YamlSection account, String base) throws ConfigException {
        String inline = base;
        String env = base + "_env";
        String file = base + "_file";
        List<String> given = new ArrayList<>();
        for (String key : account.keys()) {
            if (key.equals(inline) || key.equals(env) || key.equals(file)) {
                given.add(key);
            }
        }
        if (given.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (given.size() > 1) {
            throw account.error(given.get(1), "give only one of " + inline + ", " + env + ", " + file + " (also "
                    + given.get(0) + " at line " + account.lineOf(given.get(0)) + ")");
        }
        String key = given.get(0);
        String value = account.requiredString(key);
        if (key.equals(inline)) {
            return java.util.Optional.of(value);
        }
        return java.util.Optional.of(key.equals(env) ? fromEnvironment(account, env, value)
                : fromFile(account, file, value));
    }

    private String fromEnvironment(YamlSection account, String key, String name) throws ConfigException {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw account.error(key, "'" + name + "' is not an environment variable name");
        }
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            throw account.error(key, "environment variable " + name + " is not set or empty");
        }
        return value;
    }

    private String fromFile(YamlSection account, String key, String name) throws ConfigException {
        Path path = baseDirectory.resolve(name);
        String content;
        try {
            if (!Files.isRegularFile(path)) {
                throw account.error(key, "cannot read password file " + path
                        + (Files.exists(path) ? " (not a regular file)" : " (no such file)"));
            }
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw account.error(key, "password file " + path + " is larger than "
                        + MAX_FILE_BYTES + " bytes");
            }
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw account.error(key, "cannot read password file " + path + " (no such file)");
        } catch (AccessDeniedException e) {
            throw account.error(key, "cannot read password file " + path + " (permission denied)");
        } catch (IOException e) {
            throw account.error(key, "cannot read password file " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        String password = content.replaceFirst("[\\r\\n]+\\z", "");
        if (password.isEmpty()) {
            throw account.error(key, "password file " + path + " is empty");
        }
        return password;
    }
}
