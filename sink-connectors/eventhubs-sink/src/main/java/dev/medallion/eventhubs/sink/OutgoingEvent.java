package dev.medallion.eventhubs.sink;

import com.azure.messaging.eventhubs.EventData;
import org.apache.kafka.connect.sink.SinkRecord;

/** One record ready to send: its hub, its target in the hub, the event, and the record it came from. */
record OutgoingEvent(String hub, Target target, EventData event, SinkRecord record) {
}
