package dev.medallion.smt.eventtime;

import dev.medallion.smt.dlq.DeadLetterConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Configuration of {@link ExtractEventTime}. */
public final class ExtractEventTimeConfig extends AbstractConfig {
    public static final String FIELD_CONFIG = "field";
    private static final String FIELD_DOC = "Path of the field holding the event time, e.g. 'event_time'.";
    public static final String FORMAT_CONFIG = "format";
    private static final String FORMAT_DOC = "How the field is written: 'epoch_millis', 'epoch_seconds', 'iso8601'"
            + " (with offset or Z), or a java.time pattern such as 'yyyy-MM-dd HH:mm:ss' (read in 'timezone')."
            + " Struct fields of logical type Timestamp are read as they are.";
    public static final String TIMEZONE_CONFIG = "timezone";
    private static final String TIMEZONE_DOC = "Zone for patterns without an offset.";
    public static final String ON_MISSING_CONFIG = "on.missing";
    private static final String ON_MISSING_DOC = "When the field is missing, unparsable, out of range or too far in"
            + " the future (max.future.ms): 'keep' leaves the Kafka"
            + " timestamp and adds header event.time.error; 'dead-letter' sends the record to the dead-letter topic"
            + " (see on.invalid).";

    public static final String MAX_FUTURE_CONFIG = "max.future.ms";
    public static final long MAX_FUTURE_DEFAULT = 60_000L;
    private static final String MAX_FUTURE_DOC = "How far (ms) an event time may lie ahead of the worker's clock."
            + " A later time is treated as unreadable (see on.missing): one event dated in the future would move the"
            + " event-time watermark of the consumers ahead and make every on-time event after it late. The default,"
            + " 1 minute, equals the lateness the bundled Flink SQL job allows, so an accepted time never pushes its"
            + " watermark past the wall clock; clocks kept by NTP differ by far less.";

    public static final String OUTPUT_FIELD_CONFIG = "output.field";
    private static final String OUTPUT_FIELD_DOC = "Optional top-level field that also receives the parsed event time:"
            + " an optional Connect Timestamp field for Struct values (the schema is extended, cached per input"
            + " schema), a java.util.Date for schemaless Map values, so a sink writes it as a TIMESTAMP column. A field"
            + " of that name the value already has is replaced. When the time is missing or unreadable"
            + " (on.missing=keep) the field is null (Struct) or absent (Map). Empty (default): the value is unchanged.";

    private static final String GROUP = "Event time";

    public static final ConfigDef CONFIG_DEF = DeadLetterConfig.define(new ConfigDef()
            .define(FIELD_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH, FIELD_DOC, GROUP, 1,
                    ConfigDef.Width.MEDIUM, "Field")
            .define(FORMAT_CONFIG, ConfigDef.Type.STRING, "iso8601", new FormatValidator(), ConfigDef.Importance.HIGH,
                    FORMAT_DOC, GROUP, 2, ConfigDef.Width.MEDIUM, "Format")
            .define(TIMEZONE_CONFIG, ConfigDef.Type.STRING, "UTC", new ZoneValidator(), ConfigDef.Importance.LOW,
                    TIMEZONE_DOC, GROUP, 3, ConfigDef.Width.SHORT, "Time zone")
            .define(ON_MISSING_CONFIG, ConfigDef.Type.STRING, "keep",
                    ConfigDef.CaseInsensitiveValidString.in("keep", "dead-letter"), ConfigDef.Importance.MEDIUM,
                    ON_MISSING_DOC, GROUP, 4, ConfigDef.Width.SHORT, "On missing")
            .define(MAX_FUTURE_CONFIG, ConfigDef.Type.LONG, MAX_FUTURE_DEFAULT, ConfigDef.Range.atLeast(0),
                    ConfigDef.Importance.MEDIUM, MAX_FUTURE_DOC, GROUP, 5, ConfigDef.Width.SHORT, "Max future skew (ms)")
            .define(OUTPUT_FIELD_CONFIG, ConfigDef.Type.STRING, "", new TopLevelFieldValidator(),
                    ConfigDef.Importance.MEDIUM, OUTPUT_FIELD_DOC, GROUP, 6, ConfigDef.Width.MEDIUM, "Output field"));

    public ExtractEventTimeConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    static final class FormatValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = String.valueOf(value);
            if (s.equals("epoch_millis") || s.equals("epoch_seconds") || s.equals("iso8601")) {
                return;
            }
            try {
                DateTimeFormatter.ofPattern(s);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "neither epoch_millis, epoch_seconds, iso8601 nor a valid"
                        + " java.time pattern: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "epoch_millis, epoch_seconds, iso8601 or a java.time pattern";
        }
    }

    /** Empty, or one field name: the output is always top-level, so a dot would only mislead. */
    static final class TopLevelFieldValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : String.valueOf(value);
            if (s.isEmpty()) {
                return;
            }
            if (s.isBlank() || s.contains(".") || s.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(name, value, "must be empty or a top-level field name such as"
                        + " 'event_timestamp' (no dots, blanks or control characters)");
            }
        }

        @Override
        public String toString() {
            return "empty, or a top-level field name (no dots)";
        }
    }

    static final class ZoneValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                ZoneId.of(String.valueOf(value));
            } catch (RuntimeException e) {
                throw new ConfigException(name, value, "not a time zone id such as UTC or Europe/Berlin");
            }
        }

        @Override
        public String toString() {
            return "a time zone id such as UTC or Europe/Berlin";
        }
    }
}
