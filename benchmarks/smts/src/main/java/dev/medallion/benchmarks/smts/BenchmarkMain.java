package dev.medallion.benchmarks.smts;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the transform benchmarks single-threaded (figures are per core) and prints each figure with its ratio to the
 * peer measured in the same run. {@code quick} = 1 fork, short iterations (development); default = 2 forks, 5 x 2 s warm-up (Lingua's code compiles slowly), 5 x 2 s measured.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = args.length > 0 && args[0].equals("quick");
        Options options = new OptionsBuilder()
                .include(ValidateBenchmark.class.getSimpleName())
                .include(EnrichBenchmark.class.getSimpleName())
                .include(MixedLanguageEnrichBenchmark.class.getSimpleName())
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .threads(1)
                .forks(quick ? 1 : 2)
                .warmupIterations(quick ? 2 : 5)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Xmx1g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            scores.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    new double[]{r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("== Medallion transforms, single thread (per core), ops/s ==");
        scores.forEach((name, s) -> System.out.printf("%-42s %,14.0f ± %,.0f%n", name, s[0], s[1]));
        System.out.println();
        System.out.println("== Validate, 15-field record (target >= 1,000,000 records/s per core) ==");
        ratio(scores, "ValidateBenchmark.validateMap", "ValidateBenchmark.kafkaReplaceField");
        ratio(scores, "ValidateBenchmark.validateMap", "ValidateBenchmark.kafkaCast");
        ratio(scores, "ValidateBenchmark.validateMap", "ValidateBenchmark.handWritten");
        ratio(scores, "ValidateBenchmark.validateStruct", "ValidateBenchmark.kafkaReplaceField");
        ratio(scores, "ValidateBenchmark.validateInvalidToDlq", "ValidateBenchmark.validateMap");
        System.out.println();
        System.out.println("== Enrich offline, 300-character texts (target >= 20,000 docs/s per core) ==");
        ratio(scores, "EnrichBenchmark.enrichOffline", "EnrichBenchmark.linguaWholeText");
        ratio(scores, "EnrichBenchmark.enrichOffline", "EnrichBenchmark.linguaAsConfigured");
        ratio(scores, "EnrichBenchmark.analyzerOnly", "EnrichBenchmark.enrichOffline");
        ratio(scores, "EnrichBenchmark.analyzerOnly", "EnrichBenchmark.analyzerLinguaOnly");
        System.out.println("== Enrich offline, 300-character texts in 7 languages, equal shares ==");
        ratio(scores, "MixedLanguageEnrichBenchmark.enrichOfflineMixed", "MixedLanguageEnrichBenchmark.linguaMixed");
        ratio(scores, "MixedLanguageEnrichBenchmark.enrichOfflineMixed",
                "MixedLanguageEnrichBenchmark.analyzerLinguaOnlyMixed");
        ratio(scores, "MixedLanguageEnrichBenchmark.languageWithHintMixed", "MixedLanguageEnrichBenchmark.linguaMixed");
        System.out.println("components (ops/s): sentiment " + fmt(scores, "EnrichBenchmark.sentimentOnly")
                + ", entities " + fmt(scores, "EnrichBenchmark.entitiesOnly")
                + ", key phrases " + fmt(scores, "EnrichBenchmark.keyPhrasesOnly")
                + ", language (stop-word hint) " + fmt(scores, "EnrichBenchmark.languageWithHint")
                + ", Lingua on 120 chars " + fmt(scores, "EnrichBenchmark.linguaAsConfigured"));
    }

    private static String fmt(Map<String, double[]> scores, String name) {
        double[] s = scores.get(name);
        return s == null ? "n/a" : String.format("%,.0f", s[0]);
    }

    private static void ratio(Map<String, double[]> scores, String subject, String peer) {
        double[] s = scores.get(subject);
        double[] p = scores.get(peer);
        if (s == null || p == null) {
            return;
        }
        System.out.printf("%-36s %,12.0f/s  vs %-36s %,12.0f/s  ratio %.2f%n", subject, s[0], peer, p[0], s[0] / p[0]);
    }
}
