package dev.medallion.adls.emulator;

import dev.medallion.adls.emulator.tls.SelfSignedCertificate;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator from the command line until killed. Prints the endpoint, the account key, the trust store
 * holding the emulator's certificate and the hadoop-azure settings a client needs.
 *
 * <pre>
 * java -jar medallion-adls-emulator-VERSION-standalone.jar --port 10004 --data-dir ./adls --filesystem lakehouse
 * </pre>
 */
public final class AdlsEmulatorMain {
    private AdlsEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AdlsEmulator emulator;
        try {
            emulator = parse(args).build();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        emulator.start();
        describe(emulator, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.stop();
            stopped.countDown();
        }, "adls-emulator-shutdown"));
        stopped.await();
    }

    static AdlsEmulator.Builder parse(String[] args) {
        AdlsEmulator.Builder builder = AdlsEmulator.builder().port(10004);
        List<String> fileSystems = new ArrayList<>();
        Path dataDir = Paths.get("adls-data");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--no-tls")) {
                builder.tls(false);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value after " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--host" -> builder.host(value);
                case "--account" -> builder.account(value);
                case "--account-key" -> builder.accountKey(value);
                case "--data-dir" -> dataDir = Paths.get(value);
                case "--filesystem" -> fileSystems.add(value);
                case "--oauth-client" -> {
                    String[] parts = value.split(":", 3);
                    if (parts.length != 3) {
                        throw new IllegalArgumentException("--oauth-client takes tenant:clientId:secret");
                    }
                    builder.oauthClient(parts[0], parts[1], parts[2]);
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        if (fileSystems.isEmpty()) {
            fileSystems.add("lakehouse");
        }
        fileSystems.forEach(builder::fileSystem);
        return builder.dataDir(dataDir.toAbsolutePath());
    }

    static void describe(AdlsEmulator emulator, PrintStream out) {
        out.println("ADLS Gen2 emulator listening on " + emulator.authorityHost());
        out.println("account: " + emulator.accountName() + " (key below is for this emulator only)");
        out.println("fs.azure.abfs.endpoint=" + emulator.endpoint());
        emulator.sharedKeySettings().forEach((k, v) -> {
            if (!k.equals("fs.azure.abfs.endpoint")) {
                out.println(k + "=" + v);
            }
        });
        if (emulator.tls()) {
            out.println("trust store (PKCS12, password " + SelfSignedCertificate.shared().trustStorePassword() + "): "
                    + AdlsEmulator.trustStore());
        }
        out.println("tables: " + emulator.uri("lakehouse", "<path>"));
    }

    static String usage() {
        return "usage: java -jar medallion-adls-emulator-standalone.jar [--port 10004] [--host 127.0.0.1]"
                + " [--account medallionlake] [--account-key <base64>] [--data-dir adls-data]"
                + " [--filesystem lakehouse]... [--oauth-client tenant:clientId:secret]... [--no-tls]";
    }
}
