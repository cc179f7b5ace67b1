package dev.jconvex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jconvex.server.JconvexServer.DataDirectoryException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory is used by one server at a time, and an unusable one fails in one line before
 * the server listens. The claim across processes is covered with real processes by the launcher's
 * integration test ({@code LauncherIT}).
 */
class DataDirectoryLockTest {

    @TempDir
    Path tmp;

    @Test
    void acquire_createsTheDirectory_andWritesThisProcessesPid() throws Exception {
        Path dir = tmp.resolve("a/b");
        try (DataDirectoryLock ignored = DataDirectoryLock.acquire(dir)) {
            assertThat(Files.readString(dir.resolve(DataDirectoryLock.FILE_NAME))
                            .strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void acquire_whileHeld_isRefused_andAfterCloseSucceeds() {
        DataDirectoryLock first = DataDirectoryLock.acquire(tmp);
        assertThatThrownBy(() -> DataDirectoryLock.acquire(tmp))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessage("data directory " + tmp + " is in use by another server in this process (pid "
                        + ProcessHandle.current().pid() + ")");
        first.close();
        DataDirectoryLock.acquire(tmp).close();
    }

    @Test
    void acquire_onAFile_saysItIsNotADirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> DataDirectoryLock.acquire(file))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessage("data directory " + file + " is not a directory");
    }

    @Test
    void acquire_underAFile_givesTheOsReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> DataDirectoryLock.acquire(file.resolve("data")))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageStartingWith("cannot create the data directory " + file.resolve("data") + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void acquire_inAReadOnlyDirectory_saysPermissionDenied() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root writes anywhere").isNotEqualTo("root");
        Path dir = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
                    .isInstanceOf(DataDirectoryException.class)
                    .hasMessage("cannot write to the data directory " + dir + ": Permission denied");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void serverStart_onATakenDirectory_failsBeforeListening_andLeavesNoStoreFiles() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        }
        ServerConfig config =
                ServerConfig.builder().port(port).dataDirectory(tmp).build();
        try (DataDirectoryLock held = DataDirectoryLock.acquire(tmp)) {
            assertThatThrownBy(() -> JconvexServer.start(config)).isInstanceOf(DataDirectoryException.class);
            // nothing listened: the port is still free to bind
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(DataDirectoryLock.FILE_NAME);
        }
        try (JconvexServer server = JconvexServer.start(config)) {
            assertThat(server.port()).isEqualTo(port);
        }
    }
}
