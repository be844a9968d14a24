package dev.portmonitor.cli;

import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.InvalidConfigException;
import dev.portmonitor.config.PortMonitorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a configuration file for a command, printing what is wrong with it. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The configuration, or null after printing its problems to {@code err}. */
    static PortMonitorConfig load(Path file, PrintWriter err, String command) {
        try {
            return ConfigLoader.load(file);
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
        } catch (NoSuchFileException e) {
            err.println("port-monitor " + command + ": " + file + ": no such file");
        } catch (AccessDeniedException e) {
            err.println("port-monitor " + command + ": " + file + ": permission denied");
        } catch (IOException e) {
            err.println("port-monitor " + command + ": " + file + ": cannot read: " + e);
        }
        err.flush();
        return null;
    }
}
