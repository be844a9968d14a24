package dev.portmonitor.config;

/**
 * One thing wrong with a configuration.
 *
 * @param path where, as {@code monitors[3].port}
 * @param line the line in the file, 1-based; 0 when unknown
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(String path, int line, String message) {

    @Override
    public String toString() {
        String where = path.isEmpty() ? "" : path + ": ";
        return where + message + (line > 0 ? " (line " + line + ")" : "");
    }
}
