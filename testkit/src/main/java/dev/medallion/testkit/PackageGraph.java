package dev.medallion.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which packages of a module import which, read from its main sources: lets a unit test pin the direction of the
 * module's package dependencies (a package that must stay a leaf, no package that imports one that imports it back).
 * Packages are named relative to a base package ({@code ""} is the base itself). Only {@code import} lines count:
 * the project imports rather than writes fully qualified names, and classes of one package need no import.
 */
public final class PackageGraph {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final String base;
    private final Map<String, Set<String>> imports = new TreeMap<>();

    private PackageGraph(String base) {
        this.base = base;
    }

    /** Reads every {@code .java} file under {@code sourceRoot} whose package is {@code base} or below it. */
    public static PackageGraph of(Path sourceRoot, String base) {
        PackageGraph graph = new PackageGraph(base);
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                graph.read(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the sources under " + sourceRoot, e);
        }
        if (graph.imports.isEmpty()) {
            throw new IllegalArgumentException("No source of package " + base + " under " + sourceRoot);
        }
        return graph;
    }

    private void read(String source) {
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) {
            return;
        }
        String from = relative(pkg.group(1));
        if (from == null) {
            return;
        }
        Set<String> targets = imports.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher imp = IMPORT.matcher(source);
        while (imp.find()) {
            String to = relative(packageOf(imp.group(1)));
            if (to != null && !to.equals(from)) {
                targets.add(to);
            }
        }
    }

    /** The package part of an imported name: up to the first segment that starts with an upper-case letter. */
    private static String packageOf(String name) {
        StringBuilder pkg = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            pkg.append(pkg.isEmpty() ? "" : ".").append(part);
        }
        return pkg.toString();
    }

    private String relative(String pkg) {
        if (pkg.equals(base)) {
            return "";
        }
        return pkg.startsWith(base + ".") ? pkg.substring(base.length() + 1) : null;
    }

    /** The packages (relative to the base) with sources. */
    public Set<String> packages() {
        return new TreeSet<>(imports.keySet());
    }

    /** The packages of the module (relative to the base) that {@code pkg} imports. */
    public Set<String> importsOf(String pkg) {
        Set<String> targets = imports.get(pkg);
        if (targets == null) {
            throw new IllegalArgumentException("No package " + pkg + " under " + base + "; there are " + packages());
        }
        return new TreeSet<>(targets);
    }

    /** Every pair of packages that import each other, directly or through others, as "a -> ... -> a" paths. */
    public List<String> cycles() {
        List<String> cycles = new ArrayList<>();
        for (String start : imports.keySet()) {
            findCycle(start, start, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
        }
        return cycles;
    }

    private void findCycle(String start, String at, List<String> path, Set<String> seen, List<String> cycles) {
        for (String next : imports.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                // Report each cycle once: from its smallest package name.
                if (path.stream().allMatch(p -> p.compareTo(start) >= 0)) {
                    cycles.add(String.join(" -> ", path) + " -> " + start);
                }
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Override
    public String toString() {
        return base + " " + imports;
    }
}
