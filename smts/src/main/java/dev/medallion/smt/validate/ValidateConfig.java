package dev.medallion.smt.validate;

import dev.medallion.smt.dlq.DeadLetterConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;

/** Configuration of {@link Validate}. */
public final class ValidateConfig extends AbstractConfig {
    public static final String RULES_CONFIG = "rules";
    /** Prefix of the properties form: {@code rules.<field>.<rule>=value}. */
    public static final String RULES_PREFIX = "rules.";
    private static final String RULES_DOC = "Validation rules as a JSON object: field path -> rules, for example"
            + " {\"event_id\": {\"required\": true, \"regex\": \"[0-9a-f-]{36}\"}, \"amount\": {\"type\": \"number\","
            + " \"min\": 0}, \"event_type\": {\"enum\": [\"click\", \"view\"]}, \"ts\": {\"timestamp\": \"iso8601\"}}."
            + " Rules: required, type (string|integer (64-bit)|number|boolean|object|array), timestamp (iso8601|"
            + "epoch_millis|epoch_seconds|java.time pattern; see timestamp.max.future.ms), enum (values compared with"
            + " their JSON type: 1 is not \"1\"), min, max (compared exactly), regex (whole value; see"
            + " regex.max.length). Alternatively give each rule as its own key rules.<field path>.<rule>=<value> (enum"
            + " values comma separated, compared as strings); both forms may be mixed.";

    public static final String MAX_FUTURE_CONFIG = "timestamp.max.future.ms";
    private static final String MAX_FUTURE_DOC = "How far (ms) a time checked by a timestamp rule may lie ahead of the"
            + " worker's clock; later times fail the rule. One event dated in the future moves the consumers'"
            + " event-time watermark ahead (the bundled Flink SQL job's by the whole distance), so every on-time event"
            + " after it counts as late. The default, 1 minute, equals the lateness that job allows, so an accepted time"
            + " never pushes its watermark past the wall clock; producers' clocks kept by NTP differ by far less."
            + " Patterns without an offset or zone name no instant and are not bounded.";
    public static final String REGEX_MAX_LENGTH_CONFIG = "regex.max.length";
    private static final String REGEX_MAX_LENGTH_DOC = "Longest value (characters) a regex rule matches; a longer"
            + " value fails the rule with its length as the reason. Java's regex engine recurses per character for"
            + " many patterns, so an unbounded value (50 000 characters) overflows the stack or takes seconds.";

    public static final String FIELDS_MAX_CONFIG = "fields.max";
    public static final int FIELDS_MAX_DEFAULT = 1000;
    private static final String FIELDS_MAX_DOC = "Most top-level fields a record value may have; a value with more"
            + " fails validation with its field count as the reason. Rules name the fields they check, and other fields"
            + " are allowed, so without this bound one event with 10 000 keys passes and widens every table that"
            + " evolves its schema from the records (the Delta sink's schema.max.columns then rejects it there, after"
            + " the streaming SQL job has already taken it).";

    private static final String GROUP = "Validation";

    public static final ConfigDef CONFIG_DEF = DeadLetterConfig.define(new ConfigDef()
            .define(RULES_CONFIG, ConfigDef.Type.STRING, "", new RulesValidator(), ConfigDef.Importance.HIGH,
                    RULES_DOC, GROUP, 1, ConfigDef.Width.LONG, "Rules")
            .define(MAX_FUTURE_CONFIG, ConfigDef.Type.LONG, RuleLimits.MAX_FUTURE_DEFAULT, ConfigDef.Range.atLeast(0),
                    ConfigDef.Importance.MEDIUM, MAX_FUTURE_DOC, GROUP, 2, ConfigDef.Width.SHORT,
                    "Max future skew (ms)")
            .define(REGEX_MAX_LENGTH_CONFIG, ConfigDef.Type.INT, RuleLimits.REGEX_MAX_LENGTH_DEFAULT,
                    ConfigDef.Range.between(1, 100_000), ConfigDef.Importance.LOW, REGEX_MAX_LENGTH_DOC, GROUP, 3,
                    ConfigDef.Width.SHORT, "Regex max value length")
            .define(FIELDS_MAX_CONFIG, ConfigDef.Type.INT, FIELDS_MAX_DEFAULT, ConfigDef.Range.between(1, 1_000_000),
                    ConfigDef.Importance.LOW, FIELDS_MAX_DOC, GROUP, 4, ConfigDef.Width.SHORT, "Max fields"));

    private final List<FieldRule> rules;

    public ValidateConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        List<FieldRule> all = new java.util.ArrayList<>();
        RuleLimits limits = new RuleLimits(java.time.Clock.systemUTC(), getLong(MAX_FUTURE_CONFIG),
                getInt(REGEX_MAX_LENGTH_CONFIG));
        try {
            String json = getString(RULES_CONFIG);
            if (!json.isBlank()) {
                all.addAll(RuleSetParser.parseJson(json, limits));
            }
            Map<String, Object> props = originalsWithPrefix(RULES_PREFIX);
            if (!props.isEmpty()) {
                all.addAll(RuleSetParser.parseProperties(props, limits));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(RULES_CONFIG, "(see message)", e.getMessage());
        }
        if (all.isEmpty()) {
            throw new ConfigException(RULES_CONFIG, "", "no validation rules configured: set 'rules' to a JSON object"
                    + " such as {\"event_id\": {\"required\": true}} or keys rules.<field>.<rule>");
        }
        this.rules = List.copyOf(all);
    }

    public int fieldsMax() {
        return getInt(FIELDS_MAX_CONFIG);
    }

    public List<FieldRule> rules() {
        return rules;
    }

    /** Lets {@code PUT /connector-plugins/.../config/validate} show rule mistakes next to the key. */
    static final class RulesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            try {
                RuleSetParser.parseJson(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, "(rules)", e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "JSON object: field path -> {required, type, timestamp, enum, min, max, regex}";
        }
    }
}
