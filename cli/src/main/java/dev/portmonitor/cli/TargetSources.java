package dev.portmonitor.cli;

import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.verify.Check;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
    private final List<Check> targets = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    TargetSources(InputStream stdin) {
        this.stdin = stdin;
    }

    void addArgument(String text, boolean required) {
        try {
            targets.add(Check.parse(text, required));
        } catch (InvalidTargetException e) {
            problems.add(e.getMessage());
        }
    }

    /** The most a target file (or standard input) may hold: about 500,000 targets. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    /** The longest line: a target is at most a 253-character name, a port and a label. */
    static final int MAX_LINE = 4096;

    void addFile(String file) {
        String label = file.equals("-") ? "<stdin>" : file;
        try {
            if (file.equals("-")) {
                String closed = closedStandardInput();
                if (closed != null) {
                    problems.add(label + ": standard input is closed (" + closed + "); pipe the targets in, or give a file");
                    return;
                }
                readLines(label, stdin);
            } else {
                Path path = Path.of(file);
                if (Files.isDirectory(path)) {
                    problems.add(label + ": is a directory, not a file of targets");
                    return;
                }
                try (InputStream in = Files.newInputStream(path)) {
                    readLines(label, in);
                }
            }
        } catch (NoSuchFileException e) {
            problems.add(label + ": no such file");
        } catch (AccessDeniedException e) {
            problems.add(label + ": permission denied");
        } catch (CharacterCodingException e) {
            problems.add(label + ": not UTF-8 text");
        } catch (TooLarge e) {
            problems.add(label + ": " + e.getMessage());
        } catch (IOException e) {
            problems.add(label + ": cannot read it (" + (e.getMessage() == null ? "an input error" : e.getMessage()) + ")");
        }
    }

    /** Too much input: a limit of {@link #MAX_BYTES} or {@link #MAX_LINE} was passed. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /**
     * When standard input was closed (run with {@code <&-}), the JVM's own files take descriptor 0, and
     * reading "standard input" would read one of them: the reason, or null when fd 0 looks like input.
     */
    private static String closedStandardInput() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
            Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
            if (target.startsWith(javaHome)) {
                return "descriptor 0 is the JVM's own " + target.getFileName();
            }
            return null;
        } catch (IOException | RuntimeException notLinux) {
            return null;
        }
    }

    /** Reads UTF-8 lines strictly (malformed input is an error, not replaced), within the limits. */
    private void readLines(String label, InputStream input) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        InputStream bounded = new InputStream() {
            long read;

            @Override
            public int read() throws IOException {
                int b = input.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = input.read(buffer, offset, length);
                count(n);
                return n;
            }

            private void count(int bytes) throws TooLarge {
                if (bytes > 0 && (read += bytes) > MAX_BYTES) {
                    throw new TooLarge("larger than " + MAX_BYTES / (1024 * 1024) + " MB; a target file holds at most "
                            + MAX_BYTES / (1024 * 1024) + " MB (about 500,000 targets)");
                }
            }
        };
        BufferedReader reader = new BufferedReader(new InputStreamReader(bounded, decoder));
        StringBuilder line = new StringBuilder();
        int number = 0;
        int c;
        boolean more = true;
        while (more) {
            line.setLength(0);
            while ((c = reader.read()) >= 0 && c != '\n') {
                if (line.length() == MAX_LINE) {
                    throw new TooLarge("line " + (number + 1) + " is longer than " + MAX_LINE
                            + " characters; is this a file of targets?");
                }
                line.append((char) c);
            }
            more = c >= 0;
            if (!more && line.length() == 0) {
                break;
            }
            number++;
            if (number == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
                line.deleteCharAt(0); // a byte-order mark, as some editors write
            }
            if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                line.setLength(line.length() - 1);
            }
            addLine(label, number, line.toString());
        }
    }

    private void addLine(String label, int number, String line) {
        String text = stripComment(line).strip();
        if (text.isEmpty()) {
            return;
        }
        boolean required = true;
        int space = lastWhitespace(text);
        if (space > 0 && text.substring(space + 1).toLowerCase(Locale.ROOT).equals(OPTIONAL)) {
            required = false;
            text = text.substring(0, space).strip();
        }
        try {
            targets.add(Check.parse(text, required));
        } catch (InvalidTargetException e) {
            problems.add(label + ":" + number + ": " + e.getMessage());
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

    List<Check> targets() {
        return targets;
    }

    /**
     * The targets with each one given more than once (the same name and host:port) kept once, in the
     * place of its first mention, required if any mention was; {@code notes} is told of each, so that
     * nothing is probed and listed twice without a word.
     */
    List<Check> distinct(java.util.function.Consumer<String> notes) {
        java.util.Map<String, Check> kept = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> mentions = new java.util.HashMap<>();
        for (Check check : targets) {
            Target target = check.target();
            String key = target.name() + "=" + target.address() + "?" + check.settings().fingerprint();
            mentions.merge(key, 1, Integer::sum);
            kept.merge(key, check, (first, again) -> first.target().required() || !again.target().required() ? first
                    : first.withTarget(first.target().withRequired(true)));
        }
        kept.forEach((key, check) -> {
            Target target = check.target();
            int times = mentions.get(key);
            if (times > 1) {
                notes.accept(target.label() + (target.name() == null ? "" : " (" + target.hostPort() + ")") + " is given "
                        + times + " times; it is checked once" + (target.required() ? "" : ", as optional"));
            }
        });
        return List.copyOf(kept.values());
    }

    List<String> problems() {
        return problems;
    }
}
