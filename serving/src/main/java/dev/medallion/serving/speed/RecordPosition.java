package dev.medallion.serving.speed;

/** Where a record came from: lets a shared speed view apply each record once, whichever replica consumed it. */
public record RecordPosition(String topic, int partition, long offset) {
}
