package dev.portmonitor.cli;

import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.target.TargetParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads targets from files or standard input: one target a line, {@code [name=]host:port}, an
 * optional trailing word {@code optional}; blank lines and {@code #} comments are ignored. Every bad
 * line is reported, with its file and line number, before anything is probed.
 */
final class TargetSources {

    private static final String OPTIONAL = "optional";

    private final InputStream stdin;
    private final List<Target> targets = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    TargetSources(InputStream stdin) {
        this.stdin = stdin;
    }

    void addArgument(String text, boolean required) {
        try {
            targets.add(TargetParser.parse(text, required));
        } catch (InvalidTargetException e) {
            problems.add(e.getMessage());
        }
    }

    void addFile(String file) {
        String label = file.equals("-") ? "<stdin>" : file;
        try {
            if (file.equals("-")) {
                readLines(label, new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
            } else {
                try (BufferedReader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                    readLines(label, reader);
                }
            }
        } catch (NoSuchFileException e) {
            problems.add(label + ": no such file");
        } catch (AccessDeniedException e) {
            problems.add(label + ": permission denied");
        } catch (CharacterCodingException e) {
            problems.add(label + ": not UTF-8 text");
        } catch (IOException e) {
            problems.add(label + ": cannot read: " + e);
        }
    }

    private void readLines(String label, BufferedReader reader) throws IOException {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String text = stripComment(line).strip();
            if (text.isEmpty()) {
                continue;
            }
            boolean required = true;
            int space = lastWhitespace(text);
            if (space > 0 && text.substring(space + 1).toLowerCase(Locale.ROOT).equals(OPTIONAL)) {
                required = false;
                text = text.substring(0, space).strip();
            }
            try {
                targets.add(TargetParser.parse(text, required));
            } catch (InvalidTargetException e) {
                problems.add(label + ":" + number + ": " + e.getMessage());
            }
        }
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int lastWhitespace(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    List<Target> targets() {
        return targets;
    }

    List<String> problems() {
        return problems;
    }
}
