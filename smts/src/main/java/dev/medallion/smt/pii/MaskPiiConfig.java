package dev.medallion.smt.pii;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.Map;

/** Configuration of {@link MaskPii}. */
public final class MaskPiiConfig extends AbstractConfig {
    public static final String FIELDS_CONFIG = "fields";
    private static final String FIELDS_DOC = "Top-level string fields to mask. Empty masks every string in the value,"
            + " nested ones included (and a plain string value).";
    public static final String EMAILS_CONFIG = "mask.emails";
    private static final String EMAILS_DOC = "Mask e-mail addresses (keeps the first character and the domain).";
    public static final String PHONES_CONFIG = "mask.phones";
    private static final String PHONES_DOC = "Mask phone numbers of seven or more digits (keeps the last two).";
    public static final String CARDS_CONFIG = "mask.cards";
    private static final String CARDS_DOC = "Mask Luhn-valid card numbers of 13-19 digits (keeps the last four).";
    public static final String MASK_CHAR_CONFIG = "mask.char";
    private static final String MASK_CHAR_DOC = "Character that replaces masked characters.";

    private static final String GROUP = "PII masking";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FIELDS_CONFIG, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.HIGH, FIELDS_DOC, GROUP, 1,
                    ConfigDef.Width.LONG, "Fields")
            .define(EMAILS_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.MEDIUM, EMAILS_DOC, GROUP, 2,
                    ConfigDef.Width.SHORT, "E-mails")
            .define(PHONES_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.MEDIUM, PHONES_DOC, GROUP, 3,
                    ConfigDef.Width.SHORT, "Phones")
            .define(CARDS_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.MEDIUM, CARDS_DOC, GROUP, 4,
                    ConfigDef.Width.SHORT, "Cards")
            .define(MASK_CHAR_CONFIG, ConfigDef.Type.STRING, "*", new SingleCharacter(), ConfigDef.Importance.LOW,
                    MASK_CHAR_DOC, GROUP, 5, ConfigDef.Width.SHORT, "Mask character");

    public MaskPiiConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public PiiMasker masker() {
        return new PiiMasker(getBoolean(EMAILS_CONFIG), getBoolean(PHONES_CONFIG), getBoolean(CARDS_CONFIG),
                getString(MASK_CHAR_CONFIG).charAt(0));
    }

    static final class SingleCharacter implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().length() != 1 || Character.isDigit(value.toString().charAt(0))) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "must be one non-digit character");
            }
        }

        @Override
        public String toString() {
            return "one non-digit character";
        }
    }
}
