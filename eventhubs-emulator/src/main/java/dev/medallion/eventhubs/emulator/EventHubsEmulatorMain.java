package dev.medallion.eventhubs.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator from the command line until killed, printing one connection string per hub:
 * {@code EventHubsEmulatorMain --port 5672 --hub events:4 --consumer-group events:analytics --retention-bytes N}.
 */
public final class EventHubsEmulatorMain {

    private EventHubsEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EventHubsEmulator emulator;
        try {
            emulator = parse(args).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        emulator.start();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Event Hubs emulator listening on %s:%d (started in %d ms)%n", EventHubsEmulator.HOST,
                emulator.port(), millis);
        emulator.hubs().forEach((hub, partitions) -> System.out.printf("hub %s (%d partitions): %s%n", hub,
                partitions, emulator.connectionString(hub)));
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.stop();
            stopped.countDown();
        }, "eventhubs-emulator-shutdown"));
        stopped.await();
    }

    static EventHubsEmulator.Builder parse(String[] args) {
        EventHubsEmulator.Builder builder = EventHubsEmulator.builder().port(5672);
        boolean anyHub = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg)) {
                throw new IllegalArgumentException("help requested");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--port" -> builder.port(parseInt(arg, value));
                case "--hub" -> {
                    String[] parts = value.split(":", 2);
                    builder.hub(parts[0], parts.length == 2 ? parseInt(arg, parts[1]) : 4);
                    anyHub = true;
                }
                case "--consumer-group" -> {
                    String[] parts = value.split(":", 2);
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("--consumer-group takes <hub>:<group>, got " + value);
                    }
                    builder.consumerGroup(parts[0], parts[1]);
                }
                case "--retention-bytes" -> builder.retentionBytesPerPartition(parseLong(arg, value));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!anyHub) {
            builder.hub("events", 4);
        }
        return builder;
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }

    private static String usage() {
        return "usage: EventHubsEmulatorMain [--port 5672] [--hub name:partitions]... "
                + "[--consumer-group hub:group]... [--retention-bytes bytesPerPartition]\n"
                + "  with no --hub, one hub 'events' with 4 partitions is created";
    }
}
