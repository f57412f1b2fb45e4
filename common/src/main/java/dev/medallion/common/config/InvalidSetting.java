package dev.medallion.common.config;

import org.apache.kafka.common.config.ConfigException;

/**
 * A cross-key rule of a connector's config broken; names the key so the connector's {@code validate} can attach the
 * message to it in Connect's per-key answer.
 */
public final class InvalidSetting extends ConfigException {
    private final String key;

    public InvalidSetting(String key, Object value, String message) {
        super(key, value, message);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The rule's message without ConfigException's "Invalid value ... for configuration ..." prefix. */
    public String reason() {
        String message = getMessage();
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }
}
