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
            + " Rules: required, type (string|integer|number|boolean|object|array), timestamp (iso8601|epoch_millis|"
            + "epoch_seconds|java.time pattern), enum, min, max, regex (whole value). Alternatively give each rule as"
            + " its own key rules.<field path>.<rule>=<value> (enum values comma separated); both forms may be mixed.";

    private static final String GROUP = "Validation";

    public static final ConfigDef CONFIG_DEF = DeadLetterConfig.define(new ConfigDef()
            .define(RULES_CONFIG, ConfigDef.Type.STRING, "", new RulesValidator(), ConfigDef.Importance.HIGH,
                    RULES_DOC, GROUP, 1, ConfigDef.Width.LONG, "Rules"));

    private final List<FieldRule> rules;

    public ValidateConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        List<FieldRule> all = new java.util.ArrayList<>();
        try {
            String json = getString(RULES_CONFIG);
            if (!json.isBlank()) {
                all.addAll(RuleSetParser.parseJson(json));
            }
            Map<String, Object> props = originalsWithPrefix(RULES_PREFIX);
            if (!props.isEmpty()) {
                all.addAll(RuleSetParser.parseProperties(props));
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
