package dev.medallion.quickstart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The command line of {@link LocalPipeline}: {@code --rate} events/s, {@code --duration} (e.g. {@code 60s},
 * {@code 5m}, {@code 0} = until Ctrl-C), {@code --data-dir} (tables, Kafka logs, Connect offsets), ports, and an
 * optional real Event Hubs connection string instead of the local emulator.
 */
public record QuickstartOptions(int rate, Duration duration, Path dataDir, Path projectDir, int kafkaPort,
                                int connectPort, int eventHubsPort, int partitions, String eventHubsConnectionString,
                                boolean help, boolean gateway, int gatewayPort, boolean batch,
                                boolean serving, int servingPort, boolean adlsStorage) {

    public static final String USAGE = """
            Usage: ./quickstart.sh [options]
              --rate N              events per second the load generator publishes (default 1000)
              --duration D          how long to publish: 90s, 5m, 1h; 0 = until Ctrl-C (default 60s)
              --data-dir DIR        Delta tables, Kafka logs and Connect offsets live here (default ./lakehouse);
                                    a second run on the same directory resumes where the first stopped
              --kafka-port P        Kafka listener on localhost (default 9092; the controller uses P+1)
              --connect-port P      Connect REST API on localhost (default 8083)
              --eventhubs-port P    AMQP port of the local Event Hubs emulator (default 5672)
              --partitions N        partitions of the hub and of the Kafka topics (default 2)
              --eventhubs-connection-string S
                                    publish to and read from this real Event Hubs namespace (with EntityPath)
                                    instead of the local emulator
              --gateway-port P      the analysts' SQL Gateway (REST, ./ksql.sh) on 127.0.0.1 (default 8091)
              --no-gateway          do not start the SQL Gateway
              --no-batch            skip the batch layer's hourly job and quality check at the end
              --serving-port P      the serving layer's API, dashboard and /metrics on 127.0.0.1 (default 8095)
              --no-serving          do not start the serving layer
              --storage local|adls  where the lakehouse lives: DIR itself (default), or ADLS Gen2 through abfss://
                                    on the ADLS emulator started in this JVM (files under DIR/_adls)
              --help                this text
            """;

    public static QuickstartOptions parse(String... args) {
        int rate = 1000;
        Duration duration = Duration.ofSeconds(60);
        Path dataDir = Path.of("lakehouse");
        Path projectDir = Path.of(System.getProperty("medallion.project.dir", "."));
        int kafkaPort = 9092;
        int connectPort = 8083;
        int eventHubsPort = 5672;
        int partitions = 2;
        String connectionString = null;
        boolean help = false;
        boolean gateway = true;
        int gatewayPort = 8091;
        boolean batch = true;
        boolean serving = true;
        int servingPort = 8095;
        boolean adlsStorage = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            if (name.equals("--no-gateway")) {
                gateway = false;
                continue;
            }
            if (name.equals("--no-batch")) {
                batch = false;
                continue;
            }
            if (name.equals("--no-serving")) {
                serving = false;
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
            }
            switch (name) {
                case "--rate" -> rate = positive(name, value);
                case "--duration" -> duration = duration(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--project-dir" -> projectDir = Path.of(value);
                case "--kafka-port" -> kafkaPort = port(name, value);
                case "--connect-port" -> connectPort = port(name, value);
                case "--eventhubs-port" -> eventHubsPort = port(name, value);
                case "--partitions" -> partitions = positive(name, value);
                case "--eventhubs-connection-string" -> connectionString = value;
                case "--gateway-port" -> gatewayPort = port(name, value);
                case "--serving-port" -> servingPort = port(name, value);
                case "--storage" -> adlsStorage = adlsStorage(value);
                default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + USAGE);
            }
        }
        return new QuickstartOptions(rate, duration, dataDir.toAbsolutePath().normalize(),
                projectDir.toAbsolutePath().normalize(), kafkaPort, connectPort, eventHubsPort, partitions,
                connectionString, help, gateway, gatewayPort, batch, serving, servingPort, adlsStorage);
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, {@code 250ms}, a bare number of seconds, or an ISO-8601 {@code PT30S}. */
    static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            char unit = value.charAt(value.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException("unknown unit '" + unit + "'");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--duration must look like 90s, 5m, 1h or 0, was '" + text + "'", e);
        }
    }

    private static int positive(String name, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, was '" + value + "'");
        }
    }

    private static int port(String name, String value) {
        int port = positive(name, value);
        if (port > 65535) {
            throw new IllegalArgumentException(name + " must be a TCP port (1-65535), was " + port);
        }
        return port;
    }

    private static boolean adlsStorage(String value) {
        return switch (value) {
            case "local" -> false;
            case "adls" -> true;
            default -> throw new IllegalArgumentException("--storage must be local or adls, was '" + value + "'");
        };
    }

    /** Where the tables' files are on this machine: the data directory, or the ADLS emulator's (--storage adls). */
    public Path tablesDir() {
        return adlsStorage ? AdlsStorageStep.tablesDir(dataDir) : dataDir;
    }

    /** True when the generator should run until stopped. */
    public boolean unbounded() {
        return duration.isZero();
    }

    /**
     * How long the start of publishing counts as warm-up in the latency summary: half the run, at most 30 s
     * (30 s when publishing until Ctrl-C).
     */
    public Duration warmUp() {
        Duration cap = Duration.ofSeconds(30);
        if (unbounded()) {
            return cap;
        }
        Duration half = duration.dividedBy(2);
        return half.compareTo(cap) < 0 ? half : cap;
    }
}
