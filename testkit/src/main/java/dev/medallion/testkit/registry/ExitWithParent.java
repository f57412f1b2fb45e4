package dev.medallion.testkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.JarFile;

/**
 * Entry point of the registry's child JVM: starts the main class of the given runnable jar and exits when its standard
 * input reaches end-of-file. The parent holds the other end of that pipe, so the child ends whenever the parent does,
 * even when the parent is killed and never runs its shutdown hooks (the operating system closes the pipe then).
 *
 * <p>Usage: {@code java -cp <testkit classes>:<app>-runner.jar dev.medallion.testkit.registry.ExitWithParent
 * <app>-runner.jar [args...]}.
 */
public final class ExitWithParent {
    private ExitWithParent() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("Usage: ExitWithParent <runnable jar> [arguments...]");
        }
        Thread watcher = new Thread(ExitWithParent::exitAtEndOfInput, "exit-with-parent");
        watcher.setDaemon(true);
        watcher.start();
        String mainClass;
        try (JarFile jar = new JarFile(Path.of(args[0]).toFile())) {
            mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
        }
        if (mainClass == null) {
            throw new IllegalArgumentException(args[0] + " has no Main-Class in its manifest");
        }
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void exitAtEndOfInput() {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // The parent never writes; any byte is ignored and only end-of-file matters.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end-of-file: the parent is gone.
        }
        System.exit(0);
    }
}
