package dev.medallion.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts null or an Event Hubs namespace host name without scheme, port or path. */
public final class OptionalHostName implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        String host = value.toString();
        if (host.isBlank() || host.contains("/") || host.contains(":") || host.contains(" ")) {
            throw new ConfigException(name, value, "must be a fully qualified namespace such as"
                    + " mynamespace.servicebus.windows.net (no sb://, port or path)");
        }
    }

    @Override
    public String toString() {
        return "host name, e.g. mynamespace.servicebus.windows.net";
    }
}
