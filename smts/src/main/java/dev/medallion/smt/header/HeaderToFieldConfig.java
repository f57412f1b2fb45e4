package dev.medallion.smt.header;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;

/** Configuration of {@link HeaderToField}. */
public final class HeaderToFieldConfig extends AbstractConfig {
    public static final String MAPPINGS_CONFIG = "mappings";
    private static final String MAPPINGS_DOC = "Comma-separated list of 'HEADER:FIELD:TYPE': the last header named"
            + " HEADER becomes top-level value field FIELD of type TYPE, one of " + FieldType.labels() + "."
            + " Header names may contain dots (and colons: the entry splits at its last two colons); field names are"
            + " top-level, without dots or colons; each field has one mapping. Example:"
            + " 'eventhubs.offset:eventhubs_offset:string,medallion.ingested.at:ingested_at:timestamp'. Header values"
            + " convert from what the worker's header converter made of them: string from any value's text (a number"
            + " SimpleHeaderConverter inferred from '12345' becomes '12345'), int64 from whole numbers or decimal text,"
            + " float64 from numbers or numeric text, boolean from booleans or 'true'/'false', timestamp from epoch"
            + " milliseconds, a Date or ISO-8601 text with an offset. Struct values get optional fields of the"
            + " matching Connect type (Timestamp for timestamp); schemaless Map values get String, Long, Double,"
            + " Boolean or java.util.Date. A missing header leaves the field null (Struct) or absent (Map); a value"
            + " that cannot be converted does too, and the record gets header " + HeaderToField.ERROR_HEADER
            + " with the reason.";

    private static final String GROUP = "Header to field";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(MAPPINGS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new MappingsValidator(),
                    ConfigDef.Importance.HIGH, MAPPINGS_DOC, GROUP, 1, ConfigDef.Width.LONG, "Mappings");

    public HeaderToFieldConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public List<HeaderMapping> mappings() {
        return HeaderMapping.parseAll(getList(MAPPINGS_CONFIG));
    }

    /** Parses the list as the transform will, so PUT .../config/validate reports the mistake on this key. */
    static final class MappingsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                @SuppressWarnings("unchecked")
                List<String> entries = (List<String>) value;
                HeaderMapping.parseAll(entries);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "list of HEADER:FIELD:TYPE, TYPE one of " + FieldType.labels();
        }
    }
}
