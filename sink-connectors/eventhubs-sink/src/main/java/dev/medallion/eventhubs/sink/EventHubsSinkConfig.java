package dev.medallion.eventhubs.sink;

import dev.medallion.common.config.ConfigGroup;
import dev.medallion.common.config.InvalidSetting;
import dev.medallion.common.config.ZeroOrBetween;
import dev.medallion.common.eventhubs.ConnectionStrings;
import dev.medallion.eventhubs.common.EventHubsAuth;
import dev.medallion.eventhubs.common.EventHubsConnectionConfig;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the Event Hubs sink connector and its tasks: how to authenticate (connection string or Azure AD),
 * which hub a topic goes to, how records are routed to hub partitions, and how sending is batched, bounded and retried.
 */
public final class EventHubsSinkConfig extends AbstractConfig {

    // ---- Connection: the keys both Event Hubs plugins share (medallion-eventhubs-common), named here too.
    public static final String AUTH_TYPE_CONFIG = EventHubsConnectionConfig.AUTH_TYPE_CONFIG;
    public static final String AUTH_CONNECTION_STRING = EventHubsConnectionConfig.AUTH_CONNECTION_STRING;
    public static final String AUTH_CLIENT_SECRET = EventHubsConnectionConfig.AUTH_CLIENT_SECRET;
    public static final String AUTH_MANAGED_IDENTITY = EventHubsConnectionConfig.AUTH_MANAGED_IDENTITY;
    public static final String AUTH_DEFAULT_CREDENTIAL = EventHubsConnectionConfig.AUTH_DEFAULT_CREDENTIAL;
    private static final String AUTH_TYPE_NOTE = "The Azure AD types need eventhubs.namespace and the role"
            + " 'Azure Event Hubs Data Sender'.";
    public static final String CONNECTION_STRING_CONFIG = EventHubsConnectionConfig.CONNECTION_STRING_CONFIG;
    public static final String NAMESPACE_CONFIG = EventHubsConnectionConfig.NAMESPACE_CONFIG;
    public static final String TENANT_ID_CONFIG = EventHubsConnectionConfig.TENANT_ID_CONFIG;
    public static final String CLIENT_ID_CONFIG = EventHubsConnectionConfig.CLIENT_ID_CONFIG;
    public static final String CLIENT_SECRET_CONFIG = EventHubsConnectionConfig.CLIENT_SECRET_CONFIG;

    // ---- Target
    public static final String HUB_CONFIG = "eventhubs.hub";
    private static final String HUB_DOC = "Event hub the records go to. A template: ${topic} is replaced by the"
            + " record's topic, so 'eh-${topic}' gives each topic its own hub. Optional with a connection string that"
            + " has EntityPath (then every topic goes to that hub).";

    public static final String HUB_MAP_CONFIG = "eventhubs.hub.map";
    private static final String HUB_MAP_DOC = "Explicit topic-to-hub pairs, 'orders:orders-hub,clicks:web'. A topic"
            + " listed here goes to its hub; other topics follow eventhubs.hub.";

    public static final String ROUTING_CONFIG = "eventhubs.partition.routing";
    public static final String ROUTING_KEY = "key";
    public static final String ROUTING_KAFKA_PARTITION = "kafka_partition";
    public static final String ROUTING_ROUND_ROBIN = "round_robin";
    private static final String ROUTING_DOC = "How a record picks its hub partition: '" + ROUTING_KEY + "' (the"
            + " record key becomes the partition key, so one key stays in one hub partition, in order; records without"
            + " a key are spread round robin), '" + ROUTING_KAFKA_PARTITION + "' (hub partition = Kafka partition modulo"
            + " the hub's partition count, keeping each Kafka partition's order) or '" + ROUTING_ROUND_ROBIN + "' (the"
            + " hub spreads batches; no order).";

    // ---- Sending
    public static final String BATCH_MAX_BYTES_CONFIG = "eventhubs.batch.max.bytes";
    private static final String BATCH_MAX_BYTES_DOC = "Largest batch in bytes; 0 uses the hub's own limit (1 MB on"
            + " the standard tier). An event that does not fit an empty batch goes to Connect's dead-letter queue.";

    public static final String MAX_IN_FLIGHT_CONFIG = "eventhubs.max.in.flight.batches";
    public static final int MAX_IN_FLIGHT_DEFAULT = 32;
    private static final String MAX_IN_FLIGHT_DOC = "Batches a task has in flight at once, over all its lanes (a lane"
            + " is a Kafka partition with one routing target: a partition key, a hub partition, or round robin). A lane"
            + " has one batch in flight at a time, which keeps its order; several lanes (other Kafka partitions, other"
            + " keys) send to the same hub partition concurrently.";

    public static final String MAX_BUFFERED_RECORDS_CONFIG = "eventhubs.max.buffered.records";
    public static final int MAX_BUFFERED_RECORDS_DEFAULT = 20_000;
    private static final String MAX_BUFFERED_RECORDS_DOC = "Records a task holds that the hub has not acknowledged"
            + " yet; put() waits while more are held, which bounds memory and slows Connect's consumer down.";

    public static final String RETRY_BACKOFF_MS_CONFIG = "eventhubs.retry.backoff.ms";
    public static final long RETRY_BACKOFF_MS_DEFAULT = 200;
    private static final String RETRY_BACKOFF_MS_DOC = "First wait before a batch that failed with a transient error"
            + " (server busy, link or connection lost, timeout) is sent again; doubles per further failure up to"
            + " eventhubs.retry.backoff.max.ms.";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "eventhubs.retry.backoff.max.ms";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = 10_000;
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Upper bound of the retry backoff.";

    public static final String SEND_TIMEOUT_MS_CONFIG = "eventhubs.send.timeout.ms";
    public static final long SEND_TIMEOUT_MS_DEFAULT = 300_000;
    private static final String SEND_TIMEOUT_MS_DOC = "How long a batch may keep failing with transient errors"
            + " before the task fails (its offsets are not committed, so a restart sends it again).";

    public static final String OPERATION_TIMEOUT_MS_CONFIG = "eventhubs.operation.timeout.ms";
    public static final long OPERATION_TIMEOUT_MS_DEFAULT = 30_000;
    private static final String OPERATION_TIMEOUT_MS_DOC = "Timeout of one AMQP operation (one send, opening a link)"
            + " inside the Azure SDK.";

    // ---- Events
    public static final String HEADERS_ENABLED_CONFIG = "eventhubs.headers.enabled";
    private static final String HEADERS_ENABLED_DOC = "Whether Kafka headers become application properties (name as"
            + " is; a header named like a position property is overwritten by it).";

    public static final String POSITION_PROPERTIES_CONFIG = "eventhubs.position.properties.enabled";
    private static final String POSITION_PROPERTIES_DOC = "Whether each event carries kafka.topic, kafka.partition"
            + " and kafka.offset application properties, which let a consumer drop the duplicates at-least-once"
            + " delivery can produce.";

    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_TARGET = "Target";
    private static final String GROUP_SEND = "Sending";
    private static final String GROUP_EVENTS = "Events";

    public static final ConfigDef CONFIG_DEF = configDef();

    private final EventHubsAuth auth;

    public EventHubsSinkConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        this.auth = EventHubsAuth.from(this);
        validateCombinations();
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        EventHubsConnectionConfig.define(ConfigGroup.of(def, GROUP_CONNECTION), AUTH_TYPE_NOTE);
        ConfigGroup.of(def, GROUP_TARGET)
                .define(HUB_CONFIG, ConfigDef.Type.STRING, null, new HubTemplate.Validator(),
                        ConfigDef.Importance.HIGH, HUB_DOC, ConfigDef.Width.MEDIUM, "Event hub (template)")
                .define(HUB_MAP_CONFIG, ConfigDef.Type.LIST, "", new HubTemplate.MapValidator(),
                        ConfigDef.Importance.MEDIUM, HUB_MAP_DOC, ConfigDef.Width.LONG, "Topic to hub map")
                .define(ROUTING_CONFIG, ConfigDef.Type.STRING, ROUTING_KEY,
                        ConfigDef.CaseInsensitiveValidString.in(ROUTING_KEY, ROUTING_KAFKA_PARTITION,
                                ROUTING_ROUND_ROBIN),
                        ConfigDef.Importance.HIGH, ROUTING_DOC, ConfigDef.Width.SHORT, "Partition routing");

        ConfigGroup.of(def, GROUP_SEND)
                .define(BATCH_MAX_BYTES_CONFIG, ConfigDef.Type.INT, 0,
                        new ZeroOrBetween(1024, 100 * 1024 * 1024, "the hub's limit"),
                        ConfigDef.Importance.LOW, BATCH_MAX_BYTES_DOC, ConfigDef.Width.SHORT, "Batch max bytes")
                .define(MAX_IN_FLIGHT_CONFIG, ConfigDef.Type.INT, MAX_IN_FLIGHT_DEFAULT,
                        ConfigDef.Range.between(1, 1024), ConfigDef.Importance.MEDIUM, MAX_IN_FLIGHT_DOC,
                        ConfigDef.Width.SHORT, "Max batches in flight")
                .define(MAX_BUFFERED_RECORDS_CONFIG, ConfigDef.Type.INT, MAX_BUFFERED_RECORDS_DEFAULT,
                        ConfigDef.Range.between(1, 10_000_000), ConfigDef.Importance.LOW, MAX_BUFFERED_RECORDS_DOC,
                        ConfigDef.Width.SHORT, "Max buffered records")
                .define(RETRY_BACKOFF_MS_CONFIG, ConfigDef.Type.LONG, RETRY_BACKOFF_MS_DEFAULT,
                        ConfigDef.Range.between(1, 600_000), ConfigDef.Importance.LOW, RETRY_BACKOFF_MS_DOC,
                        ConfigDef.Width.SHORT, "Retry backoff (ms)")
                .define(RETRY_BACKOFF_MAX_MS_CONFIG, ConfigDef.Type.LONG, RETRY_BACKOFF_MAX_MS_DEFAULT,
                        ConfigDef.Range.between(1, 3_600_000), ConfigDef.Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC,
                        ConfigDef.Width.SHORT, "Max retry backoff (ms)")
                .define(SEND_TIMEOUT_MS_CONFIG, ConfigDef.Type.LONG, SEND_TIMEOUT_MS_DEFAULT,
                        ConfigDef.Range.between(1000, 86_400_000), ConfigDef.Importance.LOW, SEND_TIMEOUT_MS_DOC,
                        ConfigDef.Width.SHORT, "Send timeout (ms)")
                .define(OPERATION_TIMEOUT_MS_CONFIG, ConfigDef.Type.LONG, OPERATION_TIMEOUT_MS_DEFAULT,
                        ConfigDef.Range.between(1000, 600_000), ConfigDef.Importance.LOW, OPERATION_TIMEOUT_MS_DOC,
                        ConfigDef.Width.SHORT, "Operation timeout (ms)");

        ConfigGroup.of(def, GROUP_EVENTS)
                .define(HEADERS_ENABLED_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                        HEADERS_ENABLED_DOC, ConfigDef.Width.SHORT, "Headers as properties")
                .define(POSITION_PROPERTIES_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                        POSITION_PROPERTIES_DOC, ConfigDef.Width.SHORT, "Position properties");
        return def;
    }

    /** Cross-key rules ConfigDef cannot express; each message says which key to set. */
    private void validateCombinations() {
        if (AUTH_CONNECTION_STRING.equals(authType())) {
            auth.checkConnectionString();
            String entityPath = ConnectionStrings.entityPath(connectionString());
            if (entityPath != null && hubTemplateText() != null && !entityPath.equals(hubTemplateText())) {
                throw new InvalidSetting(HUB_CONFIG, hubTemplateText(), "differs from the connection string's"
                        + " EntityPath, which limits the string to that hub; remove one of them");
            }
            if (entityPath != null && !hubMap().isEmpty()) {
                throw new InvalidSetting(HUB_MAP_CONFIG, "(set)", "cannot be used with a connection string that has"
                        + " EntityPath (it only grants that hub); use a namespace-level connection string");
            }
        } else {
            auth.checkNamespace();
            auth.checkClientSecret();
        }
        if (hubTemplate() == null) {
            throw new InvalidSetting(HUB_CONFIG, null, "is required: name the event hub (or a template with"
                    + " ${topic}), or use a connection string with EntityPath");
        }
        if (retryBackoffMax().compareTo(retryBackoff()) < 0) {
            throw new InvalidSetting(RETRY_BACKOFF_MAX_MS_CONFIG, retryBackoffMax().toMillis(),
                    "must be at least " + RETRY_BACKOFF_MS_CONFIG);
        }
    }

    /** The connection and authentication settings, shared with the Event Hubs source. */
    public EventHubsAuth auth() {
        return auth;
    }

    public String authType() {
        return auth.type();
    }

    /** The connection string, or null; never log it. */
    public String connectionString() {
        return auth.connectionString();
    }

    /** The namespace host, for messages (never the connection string). */
    public String namespace() {
        return auth.namespace();
    }

    private String hubTemplateText() {
        String hub = getString(HUB_CONFIG);
        return hub == null || hub.isBlank() ? null : hub.trim();
    }

    /** Which hub each topic goes to; null when neither eventhubs.hub nor an EntityPath names one. */
    public HubTemplate hubTemplate() {
        String text = hubTemplateText();
        if (text == null && AUTH_CONNECTION_STRING.equals(authType())) {
            text = ConnectionStrings.entityPath(connectionString());
        }
        return text == null ? null : new HubTemplate(text, hubMap());
    }

    private Map<String, String> hubMap() {
        return HubTemplate.parseMap(getList(HUB_MAP_CONFIG));
    }

    public String routing() {
        return getString(ROUTING_CONFIG).toLowerCase(Locale.ROOT);
    }

    /** Zero when the hub's own limit applies. */
    public int batchMaxBytes() {
        return getInt(BATCH_MAX_BYTES_CONFIG);
    }

    public int maxInFlightBatches() {
        return getInt(MAX_IN_FLIGHT_CONFIG);
    }

    public int maxBufferedRecords() {
        return getInt(MAX_BUFFERED_RECORDS_CONFIG);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
    }

    public Duration sendTimeout() {
        return Duration.ofMillis(getLong(SEND_TIMEOUT_MS_CONFIG));
    }

    public Duration operationTimeout() {
        return Duration.ofMillis(getLong(OPERATION_TIMEOUT_MS_CONFIG));
    }

    public boolean headersEnabled() {
        return getBoolean(HEADERS_ENABLED_CONFIG);
    }

    public boolean positionPropertiesEnabled() {
        return getBoolean(POSITION_PROPERTIES_CONFIG);
    }
}
