package dev.medallion.benchmarks.smts;

import dev.medallion.benchmarks.smts.LanguageCandidates.Candidate;
import dev.medallion.enrichment.offline.LanguageIdentifier;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares language detectors side by side in one run (issue #14): accuracy on the enrichment module's labelled sets
 * (including 20-60 character texts), documents per CPU-second of this thread on the mixed-language corpus and on the
 * short texts, and the bytes of jars each brings into a plugin. Prints each candidate's line as soon as it is measured.
 * Run: {@code benchmarks/smts/run.sh languages [quick]} from the repository root.
 */
public final class LanguageDetectorComparison {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path LABELLED = Path.of("enrichment/src/test/resources/labelled");
    private static final String[] SETS = {"language.tsv", "language-heldout.tsv", "language-short.tsv"};
    private static volatile int sink;

    private LanguageDetectorComparison() {
    }

    public static void main(String[] args) throws IOException {
        boolean quick = args.length > 0 && args[0].equals("quick");
        int rounds = quick ? 3 : 7;
        List<List<String[]>> sets = new ArrayList<>();
        for (String set : SETS) {
            sets.add(rows(LABELLED.resolve(set)));
        }
        List<String> mixed = new ArrayList<>();
        for (String t : MixedLanguageEnrichBenchmark.TEXTS) {
            mixed.add(t.length() > 300 ? t.substring(0, 300) : t);
        }
        List<String> shortTexts = sets.get(2).stream().map(r -> r[1]).toList();

        List<String> lingua = List.of("lingua-", "kotlin-", "moshi", "okio-", "fastutil-");
        List<String> optimaize = List.of("language-detector-", "guava-", "jsonic-", "annotations-12");
        List<String> openNlp = List.of("opennlp-tools-", "opennlp-models-langdetect-");
        System.out.printf("Languages %s, first %d characters, %d CPU-second rounds (median); sets: %s%n",
                LanguageCandidates.LANGUAGES, LanguageCandidates.MAX_CHARS, rounds, String.join(", ", SETS));
        System.out.printf("%-22s %9s %9s %9s %14s %14s %9s%n", "candidate", "first", "held-out", "short",
                "mixed docs/cs", "short docs/cs", "jars MB");
        List<java.util.function.Supplier<Candidate>> candidates = List.of(
                () -> LanguageCandidates.alone("lingua (peer)", lingua, LanguageCandidates.lingua()),
                () -> LanguageCandidates.withHint("hint+lingua (main)", lingua, LanguageCandidates.lingua()),
                () -> LanguageCandidates.alone("optimaize", optimaize, LanguageCandidates.optimaize()),
                () -> LanguageCandidates.withHint("hint+optimaize", optimaize, LanguageCandidates.optimaize()),
                () -> LanguageCandidates.alone("opennlp", openNlp, LanguageCandidates.openNlp()),
                () -> LanguageCandidates.withHint("hint+opennlp", openNlp, LanguageCandidates.openNlp()),
                () -> engine(optimaize));
        for (var supplier : candidates) {
            Candidate c = supplier.get();
            StringBuilder line = new StringBuilder(String.format("%-22s", c.name()));
            List<String> misses = new ArrayList<>();
            for (List<String[]> set : sets) {
                int correct = 0;
                for (String[] row : set) {
                    String got = c.detect().apply(row[1]);
                    if (got.equals(row[0])) {
                        correct++;
                    } else if (set == sets.get(1)) {
                        misses.add(row[0] + "->" + got);
                    }
                }
                line.append(String.format(" %4d/%-4d", correct, set.size()));
            }
            line.append(String.format(" %,14.0f", perCpuSecond(c, mixed, rounds)));
            line.append(String.format(" %,14.0f", perCpuSecond(c, shortTexts, rounds)));
            line.append(String.format(" %9.1f", jarMegabytes(c.jarPrefixes())));
            System.out.println(line + (misses.isEmpty() ? "" : "  held-out misses " + misses));
        }
    }

    /** What the enrichment module ships (its {@link LanguageIdentifier} as configured by default; optimaize's jars). */
    private static Candidate engine(List<String> jars) {
        LanguageIdentifier identifier = new LanguageIdentifier();
        return new Candidate("engine (enrichment)", jars, text -> identifier.detect(text).code());
    }

    /** Median documents per CPU-second of this thread, after warming up until two half-seconds agree within 3 %. */
    private static double perCpuSecond(Candidate c, List<String> texts, int rounds) {
        double previous = 0;
        double warm = run(c, texts, 500);
        for (int w = 0; w < 30 && Math.abs(warm - previous) > 0.03 * warm; w++) {
            previous = warm;
            warm = run(c, texts, 500);
        }
        double[] results = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            results[r] = run(c, texts, 1_000);
        }
        Arrays.sort(results);
        return results[rounds / 2];
    }

    private static double run(Candidate c, List<String> texts, long cpuMillis) {
        long start = THREADS.getCurrentThreadCpuTime();
        long end = start + cpuMillis * 1_000_000;
        long docs = 0;
        int h = 0;
        long now;
        do {
            for (String t : texts) {
                h += c.detect().apply(t).hashCode();
            }
            docs += texts.size();
            now = THREADS.getCurrentThreadCpuTime();
        } while (now < end);
        sink = h;
        return docs / ((now - start) / 1e9);
    }

    /** Bytes of the class path's jars whose names start with one of the prefixes (what the plugin's lib/ would hold). */
    private static double jarMegabytes(List<String> prefixes) {
        long bytes = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.isFile() && prefixes.stream().anyMatch(p -> f.getName().startsWith(p))) {
                bytes += f.length();
            }
        }
        return bytes / 1e6;
    }

    private static List<String[]> rows(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(line.split("\t"));
            }
        }
        return rows;
    }
}
