package dev.medallion.benchmarks.smts;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The same subjects as the JMH benchmarks, measured in operations per second of this thread's CPU time. On a shared
 * machine JMH's wall-clock throughput drops with every other busy process; CPU time only counts the time this thread
 * actually ran, so it is the fairer "per core" figure there (caches and turbo are still shared, so it is not exact).
 * Each subject: warm-up, then rounds of one CPU-second; the median round is reported.
 */
public final class CpuTimeProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile int sink;

    private CpuTimeProbe() {
    }

    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        // An optional regex picks subjects by name (e.g. 'enrichOffline.*|linguaMixed'), for a run of minutes, not 15.
        Pattern only = Pattern.compile(args.length > 1 ? args[1] : ".*");
        int rounds = quick ? 3 : 7;
        ValidateBenchmark v = new ValidateBenchmark();
        v.setUp();
        EnrichBenchmark e = new EnrichBenchmark();
        e.setUp();
        MixedLanguageEnrichBenchmark m = new MixedLanguageEnrichBenchmark();
        m.setUp();
        Map<String, Supplier<Object>> subjects = new LinkedHashMap<>();
        subjects.put("validateMap", v::validateMap);
        subjects.put("validateStruct", v::validateStruct);
        subjects.put("validateInvalidToDlq", v::validateInvalidToDlq);
        subjects.put("kafkaReplaceField", v::kafkaReplaceField);
        subjects.put("kafkaCast", v::kafkaCast);
        subjects.put("handWritten", v::handWritten);
        subjects.put("enrichOffline", e::enrichOffline);
        subjects.put("analyzerOnly", e::analyzerOnly);
        subjects.put("analyzerLinguaOnly", e::analyzerLinguaOnly);
        subjects.put("sentimentOnly", e::sentimentOnly);
        subjects.put("entitiesOnly", e::entitiesOnly);
        subjects.put("keyPhrasesOnly", e::keyPhrasesOnly);
        subjects.put("linguaAsConfigured", e::linguaAsConfigured);
        subjects.put("languageWithHint", e::languageWithHint);
        subjects.put("linguaWholeText", e::linguaWholeText);
        subjects.put("enrichOfflineMixed", m::enrichOfflineMixed);
        subjects.put("analyzerLinguaOnlyMixed", m::analyzerLinguaOnlyMixed);
        subjects.put("linguaMixed", m::linguaMixed);
        subjects.put("languageWithHintMixed", m::languageWithHintMixed);

        Map<String, Double> perCpuSecond = new LinkedHashMap<>();
        subjects.keySet().removeIf(name -> !only.matcher(name).matches());
        for (Map.Entry<String, Supplier<Object>> s : subjects.entrySet()) {
            // Warm up until two consecutive half CPU-seconds agree within 3 %: on a busy machine the JIT threads get
            // little CPU, and Lingua's code needs several seconds of compilation before it reaches its speed.
            double previous = 0;
            double warm = run(s.getValue(), 500, 16);
            for (int w = 0; w < (quick ? 10 : 40) && Math.abs(warm - previous) > 0.03 * warm; w++) {
                previous = warm;
                warm = run(s.getValue(), 500, 16);
            }
            int batch = (int) Math.max(16, warm / 1_000);
            double[] results = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                results[r] = run(s.getValue(), 1_000, batch);
            }
            Arrays.sort(results);
            perCpuSecond.put(s.getKey(), results[rounds / 2]);
        }
        e.tearDown();
        m.tearDown();
        System.out.println();
        System.out.println("== Per CPU-second of one thread (robust to other load on the machine), median of " + rounds + " ==");
        perCpuSecond.forEach((k, val) -> System.out.printf("%-24s %,14.0f ops per CPU-second%n", k, val));
        System.out.println();
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[]{"validateMap", "kafkaReplaceField"});
        pairs.add(new String[]{"validateMap", "kafkaCast"});
        pairs.add(new String[]{"validateMap", "handWritten"});
        pairs.add(new String[]{"validateStruct", "kafkaReplaceField"});
        pairs.add(new String[]{"validateInvalidToDlq", "validateMap"});
        pairs.add(new String[]{"enrichOffline", "linguaWholeText"});
        pairs.add(new String[]{"enrichOffline", "linguaAsConfigured"});
        pairs.add(new String[]{"analyzerOnly", "analyzerLinguaOnly"});
        pairs.add(new String[]{"enrichOfflineMixed", "linguaMixed"});
        pairs.add(new String[]{"enrichOfflineMixed", "analyzerLinguaOnlyMixed"});
        pairs.add(new String[]{"languageWithHintMixed", "linguaMixed"});
        for (String[] p : pairs) {
            if (!perCpuSecond.containsKey(p[0]) || !perCpuSecond.containsKey(p[1])) {
                continue;
            }
            System.out.printf("%-22s vs %-20s ratio %.2f%n", p[0], p[1], perCpuSecond.get(p[0]) / perCpuSecond.get(p[1]));
        }
        if (!perCpuSecond.containsKey("validateMap") || !perCpuSecond.containsKey("enrichOffline")
                || !perCpuSecond.containsKey("enrichOfflineMixed")) {
            return;
        }
        System.out.printf("targets (Enrich: English and mixed-language texts): Validate >= 1,000,000/s per core -> %s; Enrich offline >= 20,000 docs/s per core -> %s%n",
                perCpuSecond.get("validateMap") >= 1_000_000 ? "met" : "NOT met",
                perCpuSecond.get("enrichOffline") >= 20_000
                        && perCpuSecond.get("enrichOfflineMixed") >= 20_000 ? "met" : "NOT met");
    }

    /** Runs the subject for about {@code cpuMillis} of this thread's CPU time; returns operations per CPU-second. */
    private static double run(Supplier<Object> subject, long cpuMillis, int batch) {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long cpuEnd = cpuStart + cpuMillis * 1_000_000;
        long ops = 0;
        int h = 0;
        long now;
        do {
            for (int i = 0; i < batch; i++) {
                h += System.identityHashCode(subject.get());
            }
            ops += batch;
            now = THREADS.getCurrentThreadCpuTime();
        } while (now < cpuEnd);
        long cpu = now - cpuStart;
        sink = h;
        return ops / (cpu / 1e9);
    }
}
