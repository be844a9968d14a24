package dev.portmonitor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 6: two monitors on one state directory; the process case is in RunCommandIT. */
class StateDirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondMonitorAndNameTheHolder() throws IOException {
        try (StateDirectoryLock first = StateDirectoryLock.acquire(dir, "port-monitor", false)) {
            StateDirectoryLock.InUseException refused = catchThrowableOfType(StateDirectoryLock.InUseException.class,
                    () -> StateDirectoryLock.acquire(dir, "port-monitor", false));

            assertThat(first).isNotNull();
            assertThat(refused.getMessage()).startsWith("the state directory " + dir.toAbsolutePath() + " is in use by process "
                    + ProcessHandle.current().pid() + " on ").contains("(cluster port-monitor, since ")
                    .endsWith("give another --state-dir, or stop that one (members of one cluster may share a directory: "
                            + "give both --member)");
        }
    }

    @Test
    void shouldLetMembersOfOneClusterShareItAndNoOneElse() throws IOException {
        try (StateDirectoryLock first = StateDirectoryLock.acquire(dir, "prod-1a2b", true)) {
            assertThat(StateDirectoryLock.acquire(dir, "prod-1a2b", true)).as("a member of the holder's cluster shares").isNull();
            assertThat(catchThrowableOfType(StateDirectoryLock.InUseException.class,
                    () -> StateDirectoryLock.acquire(dir, "other-3c4d", true))).as("another cluster").isNotNull();
            assertThat(catchThrowableOfType(StateDirectoryLock.InUseException.class,
                    () -> StateDirectoryLock.acquire(dir, "prod-1a2b", false))).as("a member alone").isNotNull();
        }
    }

    @Test
    void shouldBeFreeAgainOnceReleased() throws IOException {
        StateDirectoryLock.acquire(dir, "port-monitor", false).close();

        try (StateDirectoryLock again = StateDirectoryLock.acquire(dir, "port-monitor", false)) {
            assertThat(again).isNotNull();
        }
    }
}
