package dev.medallion.eventhubs.source.config;

import dev.medallion.common.config.ConfigGroup;
import dev.medallion.common.config.InvalidSetting;
import dev.medallion.common.config.ZeroOrBetween;
import dev.medallion.common.eventhubs.ConnectionStrings;
import dev.medallion.eventhubs.common.EventHubsAuth;
import dev.medallion.eventhubs.common.EventHubsConnectionConfig;
import dev.medallion.eventhubs.source.partition.StartPosition;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the Event Hubs source connector and its tasks: how to authenticate (connection string or Azure AD),
 * what to read (hub, consumer group, start position), how to read it (batch size, wait, prefetch, reconnect backoff) and
 * how events become Kafka records (topic template, value format, headers, partition mapping).
 */
public final class EventHubsSourceConfig extends AbstractConfig {

    // ---- Connection: the keys both Event Hubs plugins share (medallion-eventhubs-common), named here too.
    public static final String AUTH_TYPE_CONFIG = EventHubsConnectionConfig.AUTH_TYPE_CONFIG;
    public static final String AUTH_CONNECTION_STRING = EventHubsConnectionConfig.AUTH_CONNECTION_STRING;
    public static final String AUTH_CLIENT_SECRET = EventHubsConnectionConfig.AUTH_CLIENT_SECRET;
    public static final String AUTH_MANAGED_IDENTITY = EventHubsConnectionConfig.AUTH_MANAGED_IDENTITY;
    public static final String AUTH_DEFAULT_CREDENTIAL = EventHubsConnectionConfig.AUTH_DEFAULT_CREDENTIAL;
    private static final String AUTH_TYPE_NOTE = "The Azure AD types need eventhubs.namespace and eventhubs.hub.";
    public static final String CONNECTION_STRING_CONFIG = EventHubsConnectionConfig.CONNECTION_STRING_CONFIG;
    public static final String NAMESPACE_CONFIG = EventHubsConnectionConfig.NAMESPACE_CONFIG;
    public static final String TENANT_ID_CONFIG = EventHubsConnectionConfig.TENANT_ID_CONFIG;
    public static final String CLIENT_ID_CONFIG = EventHubsConnectionConfig.CLIENT_ID_CONFIG;
    public static final String CLIENT_SECRET_CONFIG = EventHubsConnectionConfig.CLIENT_SECRET_CONFIG;

    // ---- Source
    public static final String HUB_CONFIG = "eventhubs.hub";
    private static final String HUB_DOC = "Event hub to read. Optional with a connection string that has EntityPath"
            + " (both given: they must match).";

    public static final String CONSUMER_GROUP_CONFIG = "eventhubs.consumer.group";
    public static final String CONSUMER_GROUP_DEFAULT = "$Default";
    private static final String CONSUMER_GROUP_DOC = "Consumer group to read as. Give the connector its own group so"
            + " other readers do not compete for the 5 receivers per partition and group.";

    public static final String START_POSITION_CONFIG = "eventhubs.start.position";
    public static final String START_EARLIEST = "earliest";
    public static final String START_LATEST = "latest";
    public static final String START_ENQUEUED_TIME = "enqueued_time";
    private static final String START_POSITION_DOC = "Where a partition without a committed Connect offset starts: '"
            + START_EARLIEST + "' (oldest retained event), '" + START_LATEST + "' (only events enqueued after the task"
            + " starts) or '" + START_ENQUEUED_TIME + "' (first event enqueued at or after"
            + " eventhubs.start.enqueued.time). Partitions with a committed offset always resume right after it.";

    public static final String START_ENQUEUED_TIME_CONFIG = "eventhubs.start.enqueued.time";
    private static final String START_ENQUEUED_TIME_DOC = "ISO-8601 instant such as 2026-11-25T00:00:00Z; required"
            + " when eventhubs.start.position=enqueued_time.";

    // ---- Receiving
    public static final String MAX_EVENTS_PER_POLL_CONFIG = "eventhubs.max.events.per.poll";
    public static final int MAX_EVENTS_PER_POLL_DEFAULT = 5000;
    private static final String MAX_EVENTS_PER_POLL_DOC = "Most events one poll() hands to Connect (all partitions of"
            + " the task together). With transaction.boundary=poll or connector, one poll is one Kafka transaction.";

    public static final String MAX_WAIT_MS_CONFIG = "eventhubs.max.wait.ms";
    public static final long MAX_WAIT_MS_DEFAULT = 500;
    private static final String MAX_WAIT_MS_DOC = "Longest a poll() waits for the first event before returning"
            + " nothing, so the task stays responsive to stop and offset commits on idle hubs.";

    public static final String PREFETCH_CONFIG = "eventhubs.prefetch.count";
    public static final int PREFETCH_DEFAULT = 1000;
    private static final String PREFETCH_DOC = "AMQP link credit per partition: events the client fetches ahead. It"
            + " also bounds the events buffered per partition inside the task, which keeps memory bounded when Kafka is"
            + " slower than Event Hubs.";

    public static final String OPERATION_TIMEOUT_MS_CONFIG = "eventhubs.operation.timeout.ms";
    public static final long OPERATION_TIMEOUT_MS_DEFAULT = 60_000;
    private static final String OPERATION_TIMEOUT_MS_DOC = "Timeout of one AMQP operation (open a link, read partition"
            + " ids) before the client retries it.";

    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "eventhubs.retry.max.attempts";
    public static final int RETRY_MAX_ATTEMPTS_DEFAULT = 3;
    private static final String RETRY_MAX_ATTEMPTS_DOC = "Retries of the Azure SDK itself for one operation, before"
            + " the connector's own reconnect loop (eventhubs.reconnect.backoff.*) takes over.";

    public static final String RECONNECT_BACKOFF_MS_CONFIG = "eventhubs.reconnect.backoff.ms";
    public static final long RECONNECT_BACKOFF_MS_DEFAULT = 200;
    private static final String RECONNECT_BACKOFF_MS_DOC = "First wait before a partition receiver that failed with a"
            + " transient error (link dropped, server busy, namespace unreachable) is opened again; doubles after each"
            + " further failure, up to eventhubs.reconnect.backoff.max.ms, and resets once events flow.";

    public static final String RECONNECT_BACKOFF_MAX_MS_CONFIG = "eventhubs.reconnect.backoff.max.ms";
    public static final long RECONNECT_BACKOFF_MAX_MS_DEFAULT = 30_000;
    private static final String RECONNECT_BACKOFF_MAX_MS_DOC = "Upper bound of the reconnect backoff.";

    public static final String PARTITION_CHECK_INTERVAL_MS_CONFIG = "eventhubs.partition.check.interval.ms";
    public static final long PARTITION_CHECK_INTERVAL_MS_DEFAULT = 60_000;
    private static final String PARTITION_CHECK_INTERVAL_MS_DOC = "How often the connector asks the hub for its"
            + " partitions. When the count grew (premium and dedicated tiers can add partitions), it asks Connect to"
            + " reconfigure the tasks so the new partitions are read; they start at their earliest event, so nothing"
            + " enqueued before the check is missed. 0 turns the check off.";

    // ---- Kafka records
    public static final String TOPIC_CONFIG = "kafka.topic";
    public static final String TOPIC_DEFAULT = "${hub}";
    private static final String TOPIC_DOC = "Target topic. A template: ${namespace}, ${hub}, ${consumerGroup} and"
            + " ${partition} are replaced, e.g. 'events.raw' or 'eh.${hub}'.";

    public static final String KAFKA_PARTITION_CONFIG = "kafka.partition.from.eventhubs";
    private static final String KAFKA_PARTITION_DOC = "true: write each event to the Kafka partition numbered like its"
            + " Event Hubs partition (the topic needs at least as many partitions), keeping the hub's partitioning."
            + " false: let the producer partition by key.";

    public static final String VALUE_FORMAT_CONFIG = "value.format";
    public static final String VALUE_BYTES = "bytes";
    public static final String VALUE_STRING = "string";
    public static final String VALUE_JSON = "json";
    private static final String VALUE_FORMAT_DOC = "How the event body becomes the record value: '" + VALUE_BYTES
            + "' (BYTES, as sent), '" + VALUE_STRING + "' (UTF-8 STRING) or '" + VALUE_JSON + "' (parsed JSON: a"
            + " schemaless map, or a Struct when value.json.schema is set). With json, an event whose body is not"
            + " valid JSON (or does not fit the schema) goes to the dead-letter topic (dlq.topic.name) instead; the"
            + " task keeps running.";

    public static final String VALUE_JSON_SCHEMA_CONFIG = "value.json.schema";
    private static final String VALUE_JSON_SCHEMA_DOC = "Optional Connect schema for value.format=json, in the"
            + " JsonConverter schema notation, e.g. {\"type\":\"struct\",\"fields\":[{\"field\":\"id\",\"type\":"
            + "\"string\"},{\"field\":\"amount\",\"type\":\"double\",\"optional\":true}]}. Empty: schemaless maps.";

    public static final String HEADER_PREFIX_CONFIG = "header.prefix";
    public static final String HEADER_PREFIX_DEFAULT = "eventhubs.";
    private static final String HEADER_PREFIX_DOC = "Prefix of the metadata headers: <prefix>sequence.number,"
            + " <prefix>offset, <prefix>enqueued.time, <prefix>partition.id.";

    public static final String PROPERTY_HEADER_PREFIX_CONFIG = "header.property.prefix";
    public static final String PROPERTY_HEADER_PREFIX_DEFAULT = "eventhubs.property.";
    /** Header names that mean something downstream: a property must never be able to produce one. */
    static final List<String> RESERVED_HEADER_PREFIXES = List.of("error.", "__connect.");
    private static final String PROPERTY_HEADER_PREFIX_DOC = "Prefix of the headers that carry the event's application"
            + " properties: property 'tenant' becomes header <prefix>tenant. Never empty, so that no property an event"
            + " producer sets can pose as a header with a meaning downstream: the dead-letter marks (error.*),"
            + " Connect's own (__connect.*) or the metadata headers (header.prefix).";

    public static final String HEADER_METADATA_ENABLED_CONFIG = "header.metadata.enabled";
    private static final String HEADER_METADATA_ENABLED_DOC = "Whether records carry the four metadata headers"
            + " (sequence number, offset, enqueued time, partition id). Turn off when no consumer reads them: the"
            + " Connect task converts every header of every record, so fewer headers mean less CPU per event."
            + " Dead-letter records always carry them.";

    public static final String HEADER_PROPERTIES_ENABLED_CONFIG = "header.properties.enabled";
    private static final String HEADER_PROPERTIES_ENABLED_DOC = "Whether records carry the event's application"
            + " properties as headers. Dead-letter records always carry them.";

    public static final String RECORD_MAX_BYTES_CONFIG = "record.max.bytes";
    public static final int RECORD_MAX_BYTES_DEFAULT = 512 * 1024;
    private static final String RECORD_MAX_BYTES_DOC = "Largest event the task writes to kafka.topic, counted as the"
            + " body plus the key and header names and values. A larger event goes to the dead-letter topic with its"
            + " size in error.reason instead (the body as sent). Keep it well below the producer's max.request.size"
            + " (1 MiB by default) and the topic's max.message.bytes, leaving room for what transforms add after the"
            + " task (Enrich can double a text): a record the producer refuses fails the task under exactly-once and is"
            + " skipped without a trace otherwise, since Connect's errors.tolerance does not cover producer errors.";

    public static final String DLQ_TOPIC_CONFIG = "dlq.topic.name";
    public static final String DLQ_TOPIC_DEFAULT = "${hub}.dlq";
    private static final String DLQ_TOPIC_DOC = "Dead-letter topic (a template like kafka.topic) for events whose body"
            + " does not fit value.format (not JSON, not UTF-8) and events above record.max.bytes: the body as sent (cut"
            + " to record.max.bytes when larger) (a BYTES value; ByteArrayConverter writes it"
            + " unchanged), the event's key, timestamp, metadata and property headers, plus error.reason, error.stage"
            + "=source, error.field (the JSON path below the value, when one field is to blame) and"
            + " error.original.topic. The event's offset is committed like any other, so nothing stops and nothing is"
            + " lost. Create the topic beforehand or let topic creation do it.";

    /** Internal: partitions the connector found after it started; without an offset they start at the earliest. */
    public static final String TASK_ADDED_PARTITIONS_CONFIG = "eventhubs.task.partitions.added";

    /** Internal: the Event Hubs partitions one task reads, comma separated; set by the connector. */
    public static final String TASK_PARTITIONS_CONFIG = "eventhubs.task.partitions";
    private static final String TASK_PARTITIONS_DOC = "Internal, set by the connector for each task: the partition ids"
            + " it reads.";

    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_SOURCE = "Source";
    private static final String GROUP_RECEIVE = "Receiving";
    private static final String GROUP_RECORDS = "Kafka records";

    public static final ConfigDef CONFIG_DEF = configDef();

    private final EventHubsAuth auth;

    public EventHubsSourceConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        this.auth = EventHubsAuth.from(this);
        validateCombinations();
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        EventHubsConnectionConfig.define(ConfigGroup.of(def, GROUP_CONNECTION), AUTH_TYPE_NOTE);
        ConfigGroup.of(def, GROUP_SOURCE)
                .define(HUB_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH, HUB_DOC,
                        ConfigDef.Width.MEDIUM, "Event hub")
                .define(CONSUMER_GROUP_CONFIG, ConfigDef.Type.STRING, CONSUMER_GROUP_DEFAULT,
                        new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH,
                        CONSUMER_GROUP_DOC, ConfigDef.Width.MEDIUM, "Consumer group")
                .define(START_POSITION_CONFIG, ConfigDef.Type.STRING, START_EARLIEST,
                        ConfigDef.CaseInsensitiveValidString.in(START_EARLIEST, START_LATEST, START_ENQUEUED_TIME),
                        ConfigDef.Importance.MEDIUM, START_POSITION_DOC, ConfigDef.Width.SHORT, "Start position")
                .define(START_ENQUEUED_TIME_CONFIG, ConfigDef.Type.STRING, null, new OptionalInstant(),
                        ConfigDef.Importance.MEDIUM, START_ENQUEUED_TIME_DOC,
                        ConfigDef.Width.MEDIUM, "Start enqueued time");

        ConfigGroup.of(def, GROUP_RECEIVE)
                .define(MAX_EVENTS_PER_POLL_CONFIG, ConfigDef.Type.INT, MAX_EVENTS_PER_POLL_DEFAULT,
                        ConfigDef.Range.between(1, 1_000_000), ConfigDef.Importance.MEDIUM, MAX_EVENTS_PER_POLL_DOC,
                        ConfigDef.Width.SHORT, "Max events per poll")
                .define(MAX_WAIT_MS_CONFIG, ConfigDef.Type.LONG, MAX_WAIT_MS_DEFAULT,
                        ConfigDef.Range.between(1, 60_000), ConfigDef.Importance.MEDIUM, MAX_WAIT_MS_DOC,
                        ConfigDef.Width.SHORT, "Max wait (ms)")
                .define(PREFETCH_CONFIG, ConfigDef.Type.INT, PREFETCH_DEFAULT, ConfigDef.Range.between(1, 8000),
                        ConfigDef.Importance.LOW, PREFETCH_DOC, ConfigDef.Width.SHORT, "Prefetch count")
                .define(OPERATION_TIMEOUT_MS_CONFIG, ConfigDef.Type.LONG, OPERATION_TIMEOUT_MS_DEFAULT,
                        ConfigDef.Range.between(1000, 600_000), ConfigDef.Importance.LOW, OPERATION_TIMEOUT_MS_DOC,
                        ConfigDef.Width.SHORT, "Operation timeout (ms)")
                .define(PARTITION_CHECK_INTERVAL_MS_CONFIG, ConfigDef.Type.LONG, PARTITION_CHECK_INTERVAL_MS_DEFAULT,
                        new ZeroOrBetween(1000, 86_400_000, "off"), ConfigDef.Importance.LOW,
                        PARTITION_CHECK_INTERVAL_MS_DOC, ConfigDef.Width.SHORT, "Partition check interval (ms)")
                .define(RETRY_MAX_ATTEMPTS_CONFIG, ConfigDef.Type.INT, RETRY_MAX_ATTEMPTS_DEFAULT,
                        ConfigDef.Range.between(0, 100), ConfigDef.Importance.LOW, RETRY_MAX_ATTEMPTS_DOC,
                        ConfigDef.Width.SHORT, "SDK retries")
                .define(RECONNECT_BACKOFF_MS_CONFIG, ConfigDef.Type.LONG, RECONNECT_BACKOFF_MS_DEFAULT,
                        ConfigDef.Range.between(1, 600_000), ConfigDef.Importance.LOW, RECONNECT_BACKOFF_MS_DOC,
                        ConfigDef.Width.SHORT, "Reconnect backoff (ms)")
                .define(RECONNECT_BACKOFF_MAX_MS_CONFIG, ConfigDef.Type.LONG, RECONNECT_BACKOFF_MAX_MS_DEFAULT,
                        ConfigDef.Range.between(1, 3_600_000), ConfigDef.Importance.LOW, RECONNECT_BACKOFF_MAX_MS_DOC,
                        ConfigDef.Width.SHORT, "Max reconnect backoff (ms)");

        ConfigGroup.of(def, GROUP_RECORDS)
                .define(TOPIC_CONFIG, ConfigDef.Type.STRING, TOPIC_DEFAULT, new TopicTemplateValidator(),
                        ConfigDef.Importance.HIGH, TOPIC_DOC, ConfigDef.Width.MEDIUM, "Topic template")
                .define(KAFKA_PARTITION_CONFIG, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW,
                        KAFKA_PARTITION_DOC, ConfigDef.Width.SHORT, "Kafka partition = EH partition")
                .define(VALUE_FORMAT_CONFIG, ConfigDef.Type.STRING, VALUE_BYTES,
                        ConfigDef.CaseInsensitiveValidString.in(VALUE_BYTES, VALUE_STRING, VALUE_JSON),
                        ConfigDef.Importance.MEDIUM, VALUE_FORMAT_DOC, ConfigDef.Width.SHORT, "Value format")
                .define(VALUE_JSON_SCHEMA_CONFIG, ConfigDef.Type.STRING, "", new JsonSchemaValidator(),
                        ConfigDef.Importance.LOW, VALUE_JSON_SCHEMA_DOC, ConfigDef.Width.LONG, "Value JSON schema")
                .define(HEADER_PREFIX_CONFIG, ConfigDef.Type.STRING, HEADER_PREFIX_DEFAULT,
                        new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.LOW,
                        HEADER_PREFIX_DOC, ConfigDef.Width.SHORT, "Metadata header prefix")
                .define(PROPERTY_HEADER_PREFIX_CONFIG, ConfigDef.Type.STRING, PROPERTY_HEADER_PREFIX_DEFAULT,
                        ConfigDef.Importance.LOW, PROPERTY_HEADER_PREFIX_DOC,
                        ConfigDef.Width.SHORT, "Property header prefix")
                .define(HEADER_METADATA_ENABLED_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                        HEADER_METADATA_ENABLED_DOC, ConfigDef.Width.SHORT, "Metadata headers")
                .define(HEADER_PROPERTIES_ENABLED_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                        HEADER_PROPERTIES_ENABLED_DOC, ConfigDef.Width.SHORT, "Property headers")
                .define(RECORD_MAX_BYTES_CONFIG, ConfigDef.Type.INT, RECORD_MAX_BYTES_DEFAULT,
                        ConfigDef.Range.between(1024, 256 * 1024 * 1024), ConfigDef.Importance.MEDIUM,
                        RECORD_MAX_BYTES_DOC, ConfigDef.Width.SHORT, "Record max bytes")
                .define(DLQ_TOPIC_CONFIG, ConfigDef.Type.STRING, DLQ_TOPIC_DEFAULT, new TopicTemplateValidator(),
                        ConfigDef.Importance.MEDIUM, DLQ_TOPIC_DOC, ConfigDef.Width.MEDIUM,
                        "Dead-letter topic template");
        return def
                .defineInternal(TASK_PARTITIONS_CONFIG, ConfigDef.Type.LIST, "", ConfigDef.Importance.LOW)
                .defineInternal(TASK_ADDED_PARTITIONS_CONFIG, ConfigDef.Type.LIST, "", ConfigDef.Importance.LOW);
    }

    /** Cross-key rules ConfigDef cannot express; each message says which key to set. */
    private void validateCombinations() {
        switch (authType()) {
            case AUTH_CONNECTION_STRING -> {
                auth.checkConnectionString();
                String entityPath = ConnectionStrings.entityPath(connectionString());
                if (entityPath == null && hubOrNull() == null) {
                    throw new InvalidSetting(HUB_CONFIG, null,
                            "is required: the connection string has no EntityPath, so name the event hub");
                }
                if (entityPath != null && hubOrNull() != null && !entityPath.equals(hubOrNull())) {
                    throw new InvalidSetting(HUB_CONFIG, hubOrNull(), "differs from the connection string's"
                            + " EntityPath; remove one of them");
                }
                if (ConnectionStrings.endpointHost(connectionString()) == null) {
                    throw new InvalidSetting(CONNECTION_STRING_CONFIG, "(hidden)",
                            "has no Endpoint=sb://<namespace>/ part; copy it from the portal's Shared access policies");
                }
            }
            default -> {
                auth.checkNamespace();
                if (hubOrNull() == null) {
                    throw new InvalidSetting(HUB_CONFIG, null, "is required when " + AUTH_TYPE_CONFIG + "="
                            + authType());
                }
                auth.checkClientSecret();
            }
        }
        if (START_ENQUEUED_TIME.equals(startPositionType()) && getString(START_ENQUEUED_TIME_CONFIG) == null) {
            throw new InvalidSetting(START_ENQUEUED_TIME_CONFIG, null,
                    "is required when " + START_POSITION_CONFIG + "=" + START_ENQUEUED_TIME);
        }
        if (!jsonSchemaText().isEmpty() && !VALUE_JSON.equals(valueFormat())) {
            throw new InvalidSetting(VALUE_JSON_SCHEMA_CONFIG, "(set)", "only applies to " + VALUE_FORMAT_CONFIG
                    + "=" + VALUE_JSON + "; remove it or change the format");
        }
        checkPropertyHeaderPrefix();
        if (reconnectBackoffMax().compareTo(reconnectBackoff()) < 0) {
            throw new InvalidSetting(RECONNECT_BACKOFF_MAX_MS_CONFIG, reconnectBackoffMax().toMillis(),
                    "must be at least " + RECONNECT_BACKOFF_MS_CONFIG);
        }
    }

    /**
     * Property headers are {@code <prefix><any name the event producer chose>}: the prefix must not be (or start) a
     * reserved header name, nor start a metadata header name, or an event could forge one (e.g. a property named
     * {@code error.stage} making Validate and Enrich take the record for a dead letter).
     */
    private void checkPropertyHeaderPrefix() {
        String prefix = propertyHeaderPrefix();
        List<String> taken = new java.util.ArrayList<>(RESERVED_HEADER_PREFIXES);
        taken.addAll(metadataHeaderNames(headerPrefix()));
        for (String name : taken) {
            if (name.startsWith(prefix) || prefix.startsWith(name)) {
                throw new InvalidSetting(PROPERTY_HEADER_PREFIX_CONFIG, prefix, "lets an application property pose"
                        + " as header '" + name + "'; use a prefix of its own such as the default '"
                        + PROPERTY_HEADER_PREFIX_DEFAULT + "'");
            }
        }
    }

    /** The four metadata header names under a prefix; the record builder names its headers the same way. */
    public static List<String> metadataHeaderNames(String headerPrefix) {
        return List.of(headerPrefix + "sequence.number", headerPrefix + "offset", headerPrefix + "enqueued.time",
                headerPrefix + "partition.id");
    }

    /** The connection and authentication settings, shared with the Event Hubs sink. */
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

    /** The namespace host events come from: part of every source partition, so it must be stable across restarts. */
    public String namespace() {
        return auth.namespace();
    }

    public String hub() {
        String hub = hubOrNull();
        return hub != null ? hub : ConnectionStrings.entityPath(connectionString());
    }

    private String hubOrNull() {
        String hub = getString(HUB_CONFIG);
        return hub == null || hub.isBlank() ? null : hub.trim();
    }

    public String consumerGroup() {
        return getString(CONSUMER_GROUP_CONFIG);
    }

    public String startPositionType() {
        return getString(START_POSITION_CONFIG).toLowerCase(Locale.ROOT);
    }

    /** The configured start for partitions without a committed offset. */
    public StartPosition initialPosition() {
        return switch (startPositionType()) {
            case START_LATEST -> StartPosition.latest();
            case START_ENQUEUED_TIME -> StartPosition.enqueuedAt(Instant.parse(getString(START_ENQUEUED_TIME_CONFIG)));
            default -> StartPosition.earliest();
        };
    }

    public int maxEventsPerPoll() {
        return getInt(MAX_EVENTS_PER_POLL_CONFIG);
    }

    public Duration maxWait() {
        return Duration.ofMillis(getLong(MAX_WAIT_MS_CONFIG));
    }

    public int prefetchCount() {
        return getInt(PREFETCH_CONFIG);
    }

    /** Zero when the partition count is not checked. */
    public Duration partitionCheckInterval() {
        return Duration.ofMillis(getLong(PARTITION_CHECK_INTERVAL_MS_CONFIG));
    }

    public List<String> taskAddedPartitions() {
        return getList(TASK_ADDED_PARTITIONS_CONFIG);
    }

    public Duration operationTimeout() {
        return Duration.ofMillis(getLong(OPERATION_TIMEOUT_MS_CONFIG));
    }

    public int retryMaxAttempts() {
        return getInt(RETRY_MAX_ATTEMPTS_CONFIG);
    }

    public Duration reconnectBackoff() {
        return Duration.ofMillis(getLong(RECONNECT_BACKOFF_MS_CONFIG));
    }

    public Duration reconnectBackoffMax() {
        return Duration.ofMillis(getLong(RECONNECT_BACKOFF_MAX_MS_CONFIG));
    }

    public TopicTemplate topicTemplate() {
        return new TopicTemplate(getString(TOPIC_CONFIG));
    }

    public TopicTemplate deadLetterTopicTemplate() {
        return new TopicTemplate(getString(DLQ_TOPIC_CONFIG));
    }

    public boolean kafkaPartitionFromEventHubs() {
        return getBoolean(KAFKA_PARTITION_CONFIG);
    }

    public String valueFormat() {
        return getString(VALUE_FORMAT_CONFIG).toLowerCase(Locale.ROOT);
    }

    public String jsonSchemaText() {
        String text = getString(VALUE_JSON_SCHEMA_CONFIG);
        return text == null ? "" : text.trim();
    }

    public String headerPrefix() {
        return getString(HEADER_PREFIX_CONFIG);
    }

    public String propertyHeaderPrefix() {
        String prefix = getString(PROPERTY_HEADER_PREFIX_CONFIG);
        return prefix == null ? "" : prefix;
    }

    public int recordMaxBytes() {
        return getInt(RECORD_MAX_BYTES_CONFIG);
    }

    public boolean metadataHeadersEnabled() {
        return getBoolean(HEADER_METADATA_ENABLED_CONFIG);
    }

    public boolean propertyHeadersEnabled() {
        return getBoolean(HEADER_PROPERTIES_ENABLED_CONFIG);
    }

    public List<String> taskPartitions() {
        return getList(TASK_PARTITIONS_CONFIG);
    }

    /** Accepts null or an ISO-8601 instant. */
    static final class OptionalInstant implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            try {
                Instant.parse(value.toString());
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, value, "must be an ISO-8601 instant such as 2026-11-25T00:00:00Z");
            }
        }

        @Override
        public String toString() {
            return "ISO-8601 instant, e.g. 2026-11-25T00:00:00Z";
        }
    }

    /** Checks a topic template's placeholders and the characters outside them, on the key it came from. */
    private static final class TopicTemplateValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must name a topic, e.g. events.raw or eh.${hub}");
            }
            try {
                // Resolve with legal stand-ins: catches unknown placeholders and illegal literal characters.
                new TopicTemplate(value.toString()).resolve("ns", "hub", "cg", "0");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "topic name, may use ${namespace}, ${hub}, ${consumerGroup}, ${partition}";
        }
    }

    /** Accepts an empty value or a schema {@link JsonSchemaParser} understands. */
    private static final class JsonSchemaValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                try {
                    JsonSchemaParser.parse(value.toString());
                } catch (IllegalArgumentException e) {
                    // "(see doc)" rather than the value: a schema is long, and the message names the element.
                    throw new ConfigException(name, "(see doc)", e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "empty, or a schema in JsonConverter notation";
        }
    }
}
