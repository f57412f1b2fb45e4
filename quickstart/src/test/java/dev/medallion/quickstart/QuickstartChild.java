package dev.medallion.quickstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One quickstart JVM, as {@code ./quickstart.sh} starts it, with its output collected line by line, for the ITs that
 * kill or interrupt it.
 */
final class QuickstartChild {
    private static final Pattern PROGRESS = Pattern.compile(
            "published ([\\d,]+) .*tables bronze ([\\d,]+) silver ([\\d,]+)");

    /** The counts of one progress line. */
    record Progress(long published, long bronze, long silver) {
    }

    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private QuickstartChild(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    static QuickstartChild start(Path dataDir, List<String> ports, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1536m",
                "-Dlog4j2.configurationFile=classpath:quickstart-log4j2.properties",
                "-Dquickstart.log=" + dataDir.resolve("_runtime/quickstart.log"),
                "-cp", System.getProperty("java.class.path"),
                LocalPipeline.class.getName(),
                "--data-dir", dataDir.toString(),
                "--project-dir", System.getProperty("medallion.project.dir", "..")));
        command.addAll(ports);
        command.addAll(List.of(args));
        return new QuickstartChild(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println("[quickstart " + process.pid() + "] " + line);
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void drainOutput() throws InterruptedException {
        reader.join(10_000);
    }

    String output() {
        return String.join("\n", lines);
    }

    /** Waits for a progress line (printed after this call or before it) whose counts meet {@code condition}. */
    Progress awaitProgress(Predicate<Progress> condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int seen = 0;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("quickstart still running:\n" + output()).isTrue();
            for (; seen < lines.size(); seen++) {
                Matcher m = PROGRESS.matcher(lines.get(seen));
                if (m.find()) {
                    Progress progress = new Progress(number(m.group(1)), number(m.group(2)), number(m.group(3)));
                    if (condition.test(progress)) {
                        return progress;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no progress line matched within " + timeoutMillis + " ms:\n" + output());
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
