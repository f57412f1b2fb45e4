package dev.medallion.eventhubs.emulator.amqp;

import java.util.Locale;

/**
 * A parsed Event Hubs link address: {@code <hub>} or {@code <hub>/Partitions/<id>} for publishing,
 * {@code <hub>/ConsumerGroups/<group>/Partitions/<id>} for reading. Segment keywords are case-insensitive.
 *
 * @param hub the event hub name
 * @param consumerGroup the consumer group for a reading address, else null
 * @param partitionId the partition, or null for a publish address that lets the hub route
 */
public record EntityAddress(String hub, String consumerGroup, String partitionId) {

    public boolean isConsumer() {
        return consumerGroup != null;
    }

    /** Parses an address; returns null for anything that is not one of the three forms. */
    public static EntityAddress parse(String address) {
        if (address == null) {
            return null;
        }
        String path = address;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            // amqps://host/hub/... : drop scheme and host
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : path.substring(slash + 1);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        String[] parts = path.split("/");
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
        }
        if (parts.length == 1) {
            return new EntityAddress(parts[0], null, null);
        }
        if (parts.length == 3 && is(parts[1], "partitions")) {
            return new EntityAddress(parts[0], null, parts[2]);
        }
        if (parts.length == 5 && is(parts[1], "consumergroups") && is(parts[3], "partitions")) {
            return new EntityAddress(parts[0], parts[2], parts[4]);
        }
        return null;
    }

    private static boolean is(String segment, String keyword) {
        return segment.toLowerCase(Locale.ROOT).equals(keyword);
    }
}
