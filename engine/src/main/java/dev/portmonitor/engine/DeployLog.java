package dev.portmonitor.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.hazelcast.map.IMap;
import dev.portmonitor.cluster.ClusterMember;
import dev.portmonitor.history.Deploy;
import dev.portmonitor.store.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The deploy markers, shared by the cluster (a Hazelcast map with a backup) and kept in
 * {@code <state>/deploys.json}, newest last, as long as incidents are kept and at most {@link #MOST}.
 * A build marked twice (a pipeline that calls {@code verifyPorts} three times) is one marker: its key
 * is its name and build, or its name and time when it has no build.
 */
final class DeployLog {

    static final String MAP = "port-monitor-deploys";
    static final int MOST = 10_000;

    private final IMap<String, Deploy> deploys;
    private final Path file;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    DeployLog(ClusterMember member, Path stateDir) {
        this.deploys = member.hazelcast().getMap(MAP);
        this.file = stateDir.resolve("deploys.json");
    }

    /** Reads the file into the cluster's map (what the cluster holds already wins). */
    void restore(Consumer<String> problems) {
        for (Deploy deploy : read(file.getParent(), problems, "markers start afresh, the file is left as it is")) {
            deploys.putIfAbsent(key(deploy), deploy);
        }
    }

    /** The markers saved in a state directory, oldest first, read without a cluster (a report). */
    static List<Deploy> read(Path stateDir, Consumer<String> problems) {
        return read(stateDir, problems, "the review goes without them");
    }

    /** @param otherwise what happens when the file is unreadable, for the problem's words */
    private static List<Deploy> read(Path stateDir, Consumer<String> problems, String otherwise) {
        Path file = stateDir.resolve("deploys.json");
        try {
            List<Deploy> saved = new ArrayList<>(JSON.readValue(Files.readAllBytes(file), new TypeReference<List<Deploy>>() { }));
            saved.sort(Comparator.comparing(Deploy::at));
            return saved;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            problems.accept("the deploy markers in " + file + " are unreadable (" + e.getMessage().lines().findFirst().orElse("")
                    + "); " + otherwise);
            return List.of();
        }
    }

    static Deploy merged(Deploy before, Deploy again) {
        java.util.LinkedHashSet<String> targets = new java.util.LinkedHashSet<>(before.targets());
        targets.addAll(again.targets());
        return new Deploy(before.name(), before.build(), before.at().isBefore(again.at()) ? before.at() : again.at(),
                List.copyOf(targets), before.url() != null ? before.url() : again.url());
    }

    static String key(Deploy deploy) {
        return deploy.name() + "\n" + (deploy.build() != null ? deploy.build() : deploy.at().toString());
    }

    /** Marks a deploy; the same build again only moves nothing. Saved before it returns. */
    synchronized void mark(Deploy deploy, Duration keep) throws IOException {
        // The same build again: the earliest time, and the targets of both (a build marked at its start
        // concerns every monitor until its verifyPorts names what it checked).
        deploys.merge(key(deploy), deploy, DeployLog::merged);
        Instant oldest = deploy.at().minus(keep);
        List<Deploy> all = all();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).at().isBefore(oldest) || i < all.size() - MOST) {
                deploys.delete(key(all.get(i)));
            }
        }
        save(all());
    }

    /** Every marker, oldest first. */
    List<Deploy> all() {
        List<Deploy> list = new ArrayList<>(deploys.values());
        list.sort(Comparator.comparing(Deploy::at).thenComparing(Deploy::name));
        return list;
    }

    private void save(List<Deploy> list) throws IOException {
        StateFiles.writeAtomically(file, JSON.writeValueAsBytes(list));
    }
}
