package dev.portmonitor.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.portmonitor.history.BucketSeries;
import dev.portmonitor.history.BucketSeries.Bucket;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.history.History;
import dev.portmonitor.history.Incident;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Monitor records on disk, one JSON file per monitor under {@code <dir>/monitors/}, so that state and
 * history survive a restart. Each file is written whole to a temporary file, forced to disk and
 * renamed over the old one: a crash leaves the old file or the new one, never half of either. A file
 * that cannot be read is reported, set aside as {@code .corrupt}, and the other monitors still load.
 */
public final class StateFiles {

    /**
     * The format written. Format 1 (until 2026-12-02) kept the last 100 incidents with a start, an end
     * and a cause; format 2 keeps the incident log by age, each incident with its confirmation, outcome,
     * DOWN event id, maintenance window and the channels told. A format-1 file reads as format 2 with
     * those fields empty, and is written back as format 2 at the next save: nothing it held is lost.
     */
    static final int FORMAT = 2;
    private static final java.util.Set<Integer> READABLE = java.util.Set.of(1, 2);

    private final Path monitorsDir;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file's shape; field names are kept stable across versions. */
    record Snapshot(int format, String monitor, Instant savedAt, MonitorState state, List<CheckResult> recent,
                    List<Bucket> minutes, List<Bucket> hours, List<Incident> incidents, List<DeliveryRecord> deliveries,
                    List<PendingEvent> outbox) {
    }

    /** What was read back, and what could not be. */
    public record Loaded(Map<String, MonitorRecord> records, List<String> problems) {
    }

    public StateFiles(Path stateDir) {
        this.monitorsDir = stateDir.resolve("monitors");
    }

    public Path file(String monitorId) {
        return monitorsDir.resolve(monitorId + ".json");
    }

    /** Reads the records of the given monitors; a missing file is no problem, a corrupt one is. */
    public Loaded load(Collection<String> monitorIds) {
        return load(monitorIds, true);
    }

    /**
     * Reads without changing anything (a report over the directory of a monitor that may be running):
     * an unreadable file is reported and left where it is.
     */
    public Loaded read(Collection<String> monitorIds) {
        return load(monitorIds, false);
    }

    /** The ids of the monitors that have a file, in name order. */
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(monitorsDir)) {
            return ids;
        }
        try (var files = Files.list(monitorsDir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith(".")).sorted()
                    .forEach(n -> ids.add(n.substring(0, n.length() - ".json".length())));
        }
        return ids;
    }

    private Loaded load(Collection<String> monitorIds, boolean setAside) {
        Map<String, MonitorRecord> records = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String id : monitorIds) {
            Path file = file(id);
            try {
                Snapshot snapshot = json.readValue(Files.readAllBytes(file), Snapshot.class);
                records.put(id, toRecord(snapshot, id));
            } catch (NoSuchFileException e) {
                // a new monitor
            } catch (IOException | RuntimeException e) {
                if (!setAside) {
                    problems.add("state file " + file + " is unreadable (" + firstLine(e) + "); monitor " + id + " is left out");
                    continue;
                }
                Path aside = file.resolveSibling(id + ".json.corrupt");
                String kept;
                try {
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                    kept = "it was kept as " + aside.getFileName();
                } catch (IOException moveFailed) {
                    kept = "it could not be set aside: " + moveFailed.getMessage();
                }
                problems.add("state file " + file + " is unreadable (" + firstLine(e) + "); monitor " + id
                        + " starts afresh; " + kept);
            }
        }
        return new Loaded(records, problems);
    }

    private static MonitorRecord toRecord(Snapshot snapshot, String id) {
        if (!READABLE.contains(snapshot.format())) {
            throw new IllegalArgumentException("format " + snapshot.format() + " is not one of " + new java.util.TreeSet<>(READABLE));
        }
        if (!id.equals(snapshot.monitor())) {
            throw new IllegalArgumentException("it is not the file of monitor " + id);
        }
        if (snapshot.state() == null || !snapshot.state().wellFormed()) {
            throw new IllegalArgumentException("its state is incomplete");
        }
        History history = History.of(
                snapshot.recent() == null ? List.of() : snapshot.recent(),
                BucketSeries.of(60, History.MINUTES, snapshot.minutes() == null ? new Bucket[0] : snapshot.minutes().toArray(Bucket[]::new)),
                BucketSeries.of(3600, History.HOURS, snapshot.hours() == null ? new Bucket[0] : snapshot.hours().toArray(Bucket[]::new)),
                snapshot.format() == 1 ? fromFirstFormat(snapshot) : snapshot.incidents() == null ? List.of() : snapshot.incidents(),
                snapshot.deliveries() == null ? List.of() : snapshot.deliveries());
        return new MonitorRecord(snapshot.state(), history, snapshot.outbox() == null ? List.of() : snapshot.outbox());
    }

    /**
     * Format 1 kept an incident's start, end and cause only; what else it knew is found where it was:
     * a DOWN event still pending in the outbox gives its id, confirmation and outcome, and a DOWN
     * delivered while the incident lasted gives its id and the channels told.
     */
    static List<Incident> fromFirstFormat(Snapshot snapshot) {
        List<Incident> incidents = snapshot.incidents() == null ? List.of() : snapshot.incidents();
        List<DeliveryRecord> deliveries = snapshot.deliveries() == null ? List.of() : snapshot.deliveries();
        List<PendingEvent> outbox = snapshot.outbox() == null ? List.of() : snapshot.outbox();
        List<Incident> converted = new ArrayList<>(incidents.size());
        for (Incident incident : incidents) {
            String eventId = null;
            Instant confirmed = null;
            String outcome = null;
            for (PendingEvent pending : outbox) {
                var event = pending.event();
                if (event.type() == dev.portmonitor.monitor.EventType.DOWN && incident.start().equals(event.since())) {
                    eventId = event.id();
                    confirmed = event.at();
                    outcome = event.outcome() == null ? null : event.outcome().name();
                }
            }
            List<String> told = new ArrayList<>();
            for (DeliveryRecord delivery : deliveries) {
                boolean during = !delivery.at().isBefore(incident.start())
                        && (incident.end() == null || !delivery.at().isAfter(incident.end()));
                if ("DOWN".equals(delivery.eventType()) && during && (eventId == null || eventId.equals(delivery.eventId()))) {
                    eventId = delivery.eventId();
                    if (delivery.delivered() && !told.contains(delivery.channel())) {
                        told.add(delivery.channel());
                    }
                }
            }
            converted.add(new Incident(incident.start(), confirmed, incident.end(), outcome, incident.cause(), eventId,
                    null, told));
        }
        return converted;
    }

    /** Writes one monitor's record atomically. */
    public void save(String monitorId, MonitorRecord record) throws IOException {
        History history = record.history();
        Snapshot snapshot = new Snapshot(FORMAT, monitorId, Instant.now(), record.state(), history.recent(),
                List.of(history.minutes().buckets()), List.of(history.hours().buckets()), history.incidents(),
                history.deliveries(), record.outbox());
        writeAtomically(file(monitorId), json.writeValueAsBytes(snapshot));
    }

    /**
     * Writes a file of the state directory whole: to a temporary file beside it, forced to disk, then
     * renamed over it, so that a crash leaves the old file or the new one, never half of either.
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        // A name of its own for each write: two members sharing a directory (Jenkins replicas) may
        // write the same file at once, and must not write into one temporary file.
        Path temporary = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Checks that the directory takes writes (created, a file written, forced and removed), so that an
     * unwritable state directory is told at start rather than found at the first save.
     *
     * @throws IOException saying what failed, for a message
     */
    public void checkWritable() throws IOException {
        Files.createDirectories(monitorsDir);
        Path probe = Files.createTempFile(monitorsDir, ".write-check.", ".tmp");
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'o', 'k'}));
            channel.force(true);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * Moves a removed monitor's file to {@code monitors/retired/}, so that its old state does not come
     * back if a monitor of the same id is added later, and nothing is lost.
     */
    public void retire(String monitorId) throws IOException {
        Path file = file(monitorId);
        if (Files.exists(file)) {
            Path retired = monitorsDir.resolve("retired");
            Files.createDirectories(retired);
            Files.move(file, retired.resolve(monitorId + ".json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Retires the files of monitors that are not in the configuration; returns their ids. */
    public List<String> retireOthers(Collection<String> monitorIds) throws IOException {
        List<String> retired = new ArrayList<>();
        if (!Files.isDirectory(monitorsDir)) {
            return retired;
        }
        try (var files = Files.list(monitorsDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && name.endsWith(".json") && !name.startsWith(".")) {
                    String id = name.substring(0, name.length() - ".json".length());
                    if (!monitorIds.contains(id)) {
                        retire(id);
                        retired.add(id);
                    }
                }
            }
        }
        return retired;
    }

    /**
     * A file-system failure in words, without Java class names: "Read-only file system", "No space
     * left on device", "permission denied".
     */
    public static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied" + (denied.getFile() == null ? "" : ": " + denied.getFile());
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + (fs.getFile() == null ? "" : ": " + fs.getFile());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e);
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
