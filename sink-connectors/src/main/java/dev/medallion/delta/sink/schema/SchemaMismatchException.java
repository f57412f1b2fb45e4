package dev.medallion.delta.sink.schema;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record that cannot become a row of its table: an incompatible type, a missing required column, a value the column
 * type cannot hold. It is about one record, so the sink reports that record (dead-letter queue) and carries on.
 */
public class SchemaMismatchException extends DataException {
    public SchemaMismatchException(String message) {
        super(message);
    }

    public SchemaMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
