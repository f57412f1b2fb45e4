package dev.medallion.serving.speed.redis;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away redis-server child process on a free loopback port, without persistence unless asked for (then an
 * append-only file, so a killed server can come back with its data). Tests that need it are
 * skipped (not failed) where no redis-server binary exists; CI installs Debian's redis-server (.ci/run).
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final boolean persistent;

    private RedisServerProcess(Process process, int port, Path dir, boolean persistent) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.persistent = persistent;
    }

    /** Without persistence: a kill loses the data. */
    public static RedisServerProcess start(Path dir) throws IOException, InterruptedException {
        return start(dir, freePort(), false);
    }

    /**
     * With an append-only file fsynced on every write, in {@code dir}: a process killed with SIGKILL comes back
     * ({@link #restart()}) with every write it acknowledged.
     */
    public static RedisServerProcess startPersistent(Path dir) throws IOException, InterruptedException {
        return start(dir, freePort(), true);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static RedisServerProcess start(Path dir, int port, boolean persistent)
            throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/redis-server");
        Assumptions.assumeTrue(Files.isExecutable(binary), "no redis-server binary (apt-get install redis-server)");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString()));
        command.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always")
                : List.of("--appendonly", "no"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new RedisServerProcess(p, port, dir, persistent);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.onSpinWait();
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not listen on " + port + ": see " + dir.resolve("redis.log"));
    }

    /** SIGKILL: no shutdown, no final save; clients see their connections reset. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A new redis-server on the same port and directory (the caller closes it, not this one). */
    public RedisServerProcess restart() throws IOException, InterruptedException {
        return start(dir, port, persistent);
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
