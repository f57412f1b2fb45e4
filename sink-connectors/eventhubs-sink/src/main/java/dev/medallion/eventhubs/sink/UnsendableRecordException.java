package dev.medallion.eventhubs.sink;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record that cannot become an event (a value type without a byte form, an event larger than the hub accepts):
 * it goes to Connect's dead-letter queue with this message as the reason, and the task goes on.
 */
final class UnsendableRecordException extends DataException {
    UnsendableRecordException(String message) {
        super(message);
    }
}
