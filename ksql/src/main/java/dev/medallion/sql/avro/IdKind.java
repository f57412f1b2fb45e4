package dev.medallion.sql.avro;

import java.util.Arrays;

/**
 * Which registry id the framed record carries: Apicurio's {@code globalId} (one per artifact version, the 2.x default)
 * or {@code contentId} (one per distinct schema text, what Apicurio's Confluent-compatible API calls the schema id).
 * Producer and consumer must agree, as with {@code apicurio.registry.use-id} of the serdes and converter.
 */
public enum IdKind {
    GLOBAL_ID("globalId"),
    CONTENT_ID("contentId");

    private final String option;

    IdKind(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static IdKind fromOption(String value) {
        for (IdKind kind : values()) {
            if (kind.option.equalsIgnoreCase(value.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown id kind '" + value + "'; use one of "
                + Arrays.stream(values()).map(IdKind::option).toList());
    }
}
