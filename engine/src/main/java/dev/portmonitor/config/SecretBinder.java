package dev.portmonitor.config;

import static dev.portmonitor.config.Values.join;
import static dev.portmonitor.config.Values.line;

import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.ConfigNode.NullNode;
import dev.portmonitor.config.ConfigNode.ScalarNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A secret by reference, {@code {env: NAME}} or {@code {file: /path}}, and inside Jenkins
 * {@code {credentials: ID}}; never a value in the file. It is read when the file is bound.
 */
final class SecretBinder {

    private static final List<String> KEYS = List.of("env", "file", "credentials");

    private final Values values;
    private final Function<String, String> environment;
    private final ConfigBinder.CredentialsLookup credentials;

    /** @param credentials null outside Jenkins: then {@code {credentials: ID}} is a problem */
    SecretBinder(Values values, Function<String, String> environment, ConfigBinder.CredentialsLookup credentials) {
        this.values = values;
        this.environment = environment;
        this.credentials = credentials;
    }

    /** The secret under {@code key}, or null when absent or wrong (then with a problem). */
    Secret bind(MapNode parent, String key, String path) {
        ConfigNode node = parent.entries().get(key);
        if (node == null || node instanceof NullNode) {
            return null;
        }
        String where = join(path, key);
        if (node instanceof ScalarNode) {
            values.problem(where, node.line(), "give a secret by reference, {env: NAME} or {file: /path}"
                    + (credentials == null ? "" : " or {credentials: ID}") + ", never its value in the file");
            return null;
        }
        MapNode map = values.map(node, where, KEYS);
        if (map == null) {
            return null;
        }
        String env = values.text(map, "env", where);
        String file = values.text(map, "file", where);
        String credentialsId = values.text(map, "credentials", where);
        if ((env == null ? 0 : 1) + (file == null ? 0 : 1) + (credentialsId == null ? 0 : 1) != 1) {
            if (values.problems().stream().noneMatch(p -> p.path().startsWith(where))) {
                values.problem(where, map.line(), credentials == null ? "give exactly one of env or file"
                        : "give exactly one of env, file or credentials");
            }
            return null;
        }
        if (credentialsId != null) {
            return fromCredentials(map, where, credentialsId);
        }
        if (env != null) {
            return fromEnvironment(map, where, env);
        }
        return fromFile(map, where, file);
    }

    private Secret fromCredentials(MapNode map, String where, String id) {
        if (credentials == null) {
            values.problem(join(where, "credentials"), line(map, "credentials"),
                    "credentials are looked up only inside Jenkins; here give {env: NAME} or {file: /path}");
            return null;
        }
        Secret found = credentials.find(id);
        if (found == null) {
            values.problem(join(where, "credentials"), line(map, "credentials"), "no credential \"" + id
                    + "\" holding a secret (secret text, or username with password)");
            return null;
        }
        return found;
    }

    private Secret fromEnvironment(MapNode map, String where, String name) {
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            values.problem(join(where, "env"), line(map, "env"), "environment variable " + name + " is not set");
            return null;
        }
        return new Secret(value, "environment variable " + name);
    }

    private Secret fromFile(MapNode map, String where, String file) {
        try {
            String value = Files.readString(Path.of(file)).strip();
            if (value.isEmpty()) {
                values.problem(join(where, "file"), line(map, "file"), "file " + file + " is empty");
                return null;
            }
            return new Secret(value, "file " + file);
        } catch (IOException | RuntimeException e) {
            values.problem(join(where, "file"), line(map, "file"), "cannot read file " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }
}
