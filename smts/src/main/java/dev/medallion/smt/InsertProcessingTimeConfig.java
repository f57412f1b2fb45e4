package dev.medallion.smt;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.Locale;
import java.util.Map;

/** Configuration of {@link InsertProcessingTime}. */
public final class InsertProcessingTimeConfig extends AbstractConfig {
    public static final String HEADER_NAME_CONFIG = "header.name";
    public static final String HEADER_NAME_DEFAULT = "medallion.processing.time";
    private static final String HEADER_NAME_DOC = "Name of the header that receives the processing time. An existing"
            + " header of that name is replaced, so a record passing the transform twice keeps one stamp.";

    public static final String FORMAT_CONFIG = "format";
    public static final String FORMAT_EPOCH_MILLIS = "epoch_millis";
    public static final String FORMAT_ISO8601 = "iso8601";
    private static final String FORMAT_DOC = "How the time is written: '" + FORMAT_EPOCH_MILLIS + "' (INT64"
            + " milliseconds since the epoch, easy to subtract for latency) or '" + FORMAT_ISO8601 + "' (UTC string such"
            + " as 2026-11-25T04:00:00.123Z, easy to read).";

    private static final String GROUP = "Processing time";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(HEADER_NAME_CONFIG, ConfigDef.Type.STRING, HEADER_NAME_DEFAULT, new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.MEDIUM, HEADER_NAME_DOC, GROUP, 1, ConfigDef.Width.MEDIUM, "Header name")
            .define(FORMAT_CONFIG, ConfigDef.Type.STRING, FORMAT_EPOCH_MILLIS,
                    ConfigDef.CaseInsensitiveValidString.in(FORMAT_EPOCH_MILLIS, FORMAT_ISO8601),
                    ConfigDef.Importance.LOW, FORMAT_DOC, GROUP, 2, ConfigDef.Width.SHORT, "Format");

    public InsertProcessingTimeConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public String headerName() {
        return getString(HEADER_NAME_CONFIG);
    }

    public boolean iso8601() {
        String format = getString(FORMAT_CONFIG).toLowerCase(Locale.ROOT);
        return switch (format) {
            case FORMAT_ISO8601 -> true;
            case FORMAT_EPOCH_MILLIS -> false;
            default -> throw new ConfigException(FORMAT_CONFIG, format, "unsupported format");
        };
    }
}
