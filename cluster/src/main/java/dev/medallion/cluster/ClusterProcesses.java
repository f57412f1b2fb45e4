package dev.medallion.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts, finds and stops the cluster's OS processes. Each runs detached ({@code setsid}: Ctrl-C on the shell that
 * ran {@code up} does not reach it) with its output in {@code logs/<name>.log} and its pid in {@code pids/<name>.pid};
 * a process counts as alive while that pid is alive and its command line is still one of ours.
 */
public final class ClusterProcesses {
    /** Added to every command line, so a reused pid of another program is never taken for one of ours. */
    static final String MARKER = "-Dmedallion.cluster.process=";

    private final ClusterOptions options;

    public ClusterProcesses(ClusterOptions options) {
        this.options = options;
    }

    /** Starts {@code name}: {@code java <jvmOptions> -cp <classpath> <main> <args>}; returns its pid. */
    public long start(String name, List<String> jvmOptions, String classpath, String main, List<String> args) {
        if (pid(name).isPresent()) {
            throw new IllegalStateException(name + " is already running (pid " + pid(name).get() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(MARKER + name + "@" + options.workDir());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(main);
        command.addAll(args);
        try {
            Files.createDirectories(options.logDir());
            Files.createDirectories(options.pidDir());
            Path log = options.logDir().resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // setsid execs java in the same process, so this is the JVM's pid.
            long pid = process.pid();
            Files.writeString(pidFile(name), String.valueOf(pid));
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** The pid of {@code name} when it is alive and still ours. */
    public Optional<Long> pid(String name) {
        Path file = pidFile(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().arguments().map(args -> List.of(args)
                            .contains(MARKER + name + "@" + options.workDir())).orElse(true))
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Fails at once (not at a wait's deadline) when {@code name} has exited, naming its log. */
    public void requireAlive(String name) {
        if (pid(name).isEmpty()) {
            throw new Waits.ProcessExited(name + " exited; see " + logFile(name));
        }
    }

    /** SIGKILL: what a crash looks like to the rest of the cluster. Returns when the process is gone. */
    public void kill(String name) {
        pid(name).flatMap(ProcessHandle::of).ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().join();
        });
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
    public void stop(String name, Duration grace) {
        pid(name).flatMap(ProcessHandle::of).ifPresent(handle -> {
            handle.destroy();
            try {
                handle.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        });
        try {
            Files.deleteIfExists(pidFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + pidFile(name), e);
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port}, or fails with the log's path. */
    public void awaitPort(String name, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pid(name).isEmpty()) {
                throw new Waits.ProcessExited(name + " exited during start-up; see " + logFile(name));
            }
            if (listening(port)) {
                return;
            }
            Waits.pause();
        }
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + timeout.toSeconds()
                + " s; see " + logFile(name));
    }

    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path logFile(String name) {
        return options.logDir().resolve(name + ".log");
    }

    private Path pidFile(String name) {
        return options.pidDir().resolve(name + ".pid");
    }
}
