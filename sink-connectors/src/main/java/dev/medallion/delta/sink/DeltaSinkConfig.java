package dev.medallion.delta.sink;

import dev.medallion.common.config.ConfigGroup;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the Delta Lake sink ({@link DeltaSinkConnector}): where tables live and how topics map to them, how
 * rows are partitioned, when files are flushed and committed, how records without a schema are typed, and how the
 * connector authenticates against ADLS Gen2. Secrets are {@link Type#PASSWORD}, so Connect masks them and config
 * providers can supply them.
 */
public final class DeltaSinkConfig extends AbstractConfig {
    // ---- Tables
    public static final String TABLES_ROOT_CONFIG = "tables.root";
    private static final String TABLES_ROOT_DOC = "Root of the tables: any Hadoop path, e.g. file:///data/lakehouse,"
            + " /data/lakehouse or abfss://<container>@<account>.dfs.core.windows.net/lakehouse. Table locations from"
            + " 'tables.template' and 'tables.map' are resolved against it unless they are absolute URIs.";
    public static final String TABLES_TEMPLATE_CONFIG = "tables.template";
    private static final String TABLES_TEMPLATE_DOC = "Location of a topic's table below 'tables.root'; '${topic}' is"
            + " replaced by the topic name. Used for topics that 'tables.map' does not name.";
    public static final String TABLES_MAP_CONFIG = "tables.map";
    private static final String TABLES_MAP_DOC = "Explicit topic to table routes as a list of topic:location, e.g."
            + " events.raw:bronze/events,events.clean:silver/events,metrics.1m:gold/metrics_1m. Locations are relative"
            + " to 'tables.root' unless they are absolute URIs.";
    public static final String TABLES_AUTO_CREATE_CONFIG = "tables.auto.create";
    private static final String TABLES_AUTO_CREATE_DOC = "Create a missing table from the schema of its first record."
            + " When false, records for a missing table fail the task.";
    public static final String TABLES_CHECKPOINT_INTERVAL_CONFIG = "tables.checkpoint.interval";
    private static final String TABLES_CHECKPOINT_INTERVAL_DOC = "Write a Delta checkpoint every this many commits"
            + " (table property delta.checkpointInterval of tables this connector creates; honoured for all tables).";
    public static final String TABLES_CREATE_PROPERTIES_CONFIG = "tables.create.properties";
    private static final String TABLES_CREATE_PROPERTIES_DOC = "Delta table properties set on tables this connector"
            + " creates (only then: existing tables keep theirs; change them with ALTER TABLE ... SET TBLPROPERTIES),"
            + " as a list of key=value, e.g. delta.logRetentionDuration=interval 30 days. Keys must start with"
            + " 'delta.' and be known to Delta Kernel, values must be valid for their key (checked when the connector"
            + " is validated). Values cannot contain commas. Not allowed: delta.checkpointInterval (set"
            + " tables.checkpoint.interval, which also decides when the connector writes checkpoints) and"
            + " delta.columnMapping.mode (the connector needs 'name' to evolve schemas).";

    // ---- Partitioning
    public static final String PARTITION_COLUMNS_CONFIG = "partition.columns";
    private static final String PARTITION_COLUMNS_DOC = "Top-level record fields whose values partition a new table"
            + " (e.g. region,event_type). Ignored for existing tables, which keep their partitioning.";
    public static final String PARTITION_TIME_FIELD_CONFIG = "partition.time.field";
    private static final String PARTITION_TIME_FIELD_DOC = "Field holding the event time (Connect Timestamp, epoch"
            + " milliseconds or an ISO-8601 string) from which time partition columns are derived. Empty: no time"
            + " partitions.";
    public static final String PARTITION_TIME_GRANULARITY_CONFIG = "partition.time.granularity";
    public static final String GRANULARITY_DATE = "date";
    public static final String GRANULARITY_HOUR = "hour";
    private static final String PARTITION_TIME_GRANULARITY_DOC = "'date' adds a DATE partition column; 'hour' adds the"
            + " DATE column and an INT hour (0-23, UTC) column, like the bronze layer of the design.";
    public static final String PARTITION_TIME_DATE_COLUMN_CONFIG = "partition.time.date.column";
    private static final String PARTITION_TIME_DATE_COLUMN_DOC = "Name of the derived date partition column.";
    public static final String PARTITION_TIME_HOUR_COLUMN_CONFIG = "partition.time.hour.column";
    private static final String PARTITION_TIME_HOUR_COLUMN_DOC = "Name of the derived hour partition column.";

    // ---- Flushing
    public static final String FLUSH_INTERVAL_MS_CONFIG = "flush.interval.ms";
    private static final String FLUSH_INTERVAL_MS_DOC = "Commit buffered records to their tables at least this often"
            + " (one Delta commit per table and topic partition). Bounds end-to-end latency and the size of replays.";
    public static final String FLUSH_MAX_RECORDS_CONFIG = "flush.max.records";
    private static final String FLUSH_MAX_RECORDS_DOC = "Commit a topic partition's buffered records once this many"
            + " are buffered, before the interval elapses.";
    public static final String FILE_TARGET_SIZE_CONFIG = "file.target.size.bytes";
    private static final String FILE_TARGET_SIZE_DOC = "Roll to a new Parquet file once a file reaches about this many"
            + " bytes (encoded, before the footer) and commit the topic partition right away.";
    public static final String FILE_OPEN_MAX_CONFIG = "file.open.max";
    private static final String FILE_OPEN_MAX_DOC = "Most Parquet files a task keeps open at once, over all its topic"
            + " partitions and table partitions. Each open file holds its column buffers (about 1 MiB for a dozen"
            + " columns, plus buffered rows up to 'parquet.row.group.size.bytes'), so this bounds the heap a replay"
            + " spanning many date/hour or column partitions in one flush interval needs. When a row needs one more"
            + " file, the least recently written one is closed and waits for its topic partition's next commit; later"
            + " rows of its table partition start a new file.";
    public static final String PARQUET_COMPRESSION_CONFIG = "parquet.compression";
    private static final String PARQUET_COMPRESSION_DOC = "Parquet compression codec.";
    public static final String PARQUET_ROW_GROUP_SIZE_CONFIG = "parquet.row.group.size.bytes";
    private static final String PARQUET_ROW_GROUP_SIZE_DOC = "Parquet row group size; the writer buffers about this"
            + " much per open file.";

    // ---- Records
    public static final String SCHEMALESS_SCHEMA_CONFIG = "schemaless.schema";
    private static final String SCHEMALESS_SCHEMA_DOC = "Target schema for records without a Connect schema (e.g."
            + " JsonConverter with schemas.enable=false): either a Delta/Spark JSON schema (what df.schema.json()"
            + " prints, starting with '{') or a Spark SQL DDL column list as CREATE TABLE takes it, e.g."
            + " \"event_id STRING NOT NULL COMMENT 'id', event_time TIMESTAMP, tags ARRAY<STRING>\" ('--' line"
            + " comments allowed; COMMENTs become column comments). Usually read from a file through a config provider:"
            + " ${dir:/etc/schemas:bronze_events.ddl}. Empty: infer the schema from the records (integers as LONG,"
            + " decimals as DOUBLE, objects as STRUCT).";
    public static final String SCHEMA_EVOLUTION_CONFIG = "schema.evolution";
    private static final String SCHEMA_EVOLUTION_DOC = "Add a nullable column when a record carries a new field. When"
            + " false such records are rejected (dead-letter queue or task failure).";
    public static final String TOMBSTONES_CONFIG = "tombstones";
    public static final String TOMBSTONES_SKIP = "skip";
    public static final String TOMBSTONES_DLQ = "dlq";
    public static final String TOMBSTONES_FAIL = "fail";
    private static final String TOMBSTONES_DOC = "What to do with records whose value is null: 'skip' (counted in the"
            + " tombstones-skipped metric), 'dlq' (report through the errant record reporter) or 'fail' the task.";

    public static final String SCHEMA_MAX_DEPTH_CONFIG = "schema.max.depth";
    private static final String SCHEMA_MAX_DEPTH_DOC = "Deepest nesting of structs, arrays and maps a record may add to"
            + " a table (a top-level struct column is 1 level). A record nested deeper is rejected (dead-letter queue):"
            + " Delta Kernel's column mapping takes time exponential in the depth on every commit (seconds per commit"
            + " from about 18 levels), so one deep event would stall the table.";
    public static final String SCHEMA_MAX_COLUMNS_CONFIG = "schema.max.columns";
    private static final String SCHEMA_MAX_COLUMNS_DOC = "Most leaf columns a table may reach through schema evolution"
            + " or creation. A record that would add more is rejected (dead-letter queue) instead of widening every"
            + " later file, and its writer's buffers, for good. Tables already wider keep their columns.";
    public static final String FIELD_MAX_BYTES_CONFIG = "field.max.bytes";
    private static final String FIELD_MAX_BYTES_DOC = "Largest string (in characters) or bytes value a record may carry;"
            + " a record with a larger one is rejected (dead-letter queue) instead of bloating row groups and memory.";

    // ---- Commits
    public static final String COMMIT_MAX_RETRIES_CONFIG = "commit.max.retries";
    private static final String COMMIT_MAX_RETRIES_DOC = "How often a Delta commit is retried after conflicting with"
            + " concurrent writers (other connectors or jobs appending to the same table).";
    public static final String TXN_APP_ID_PREFIX_CONFIG = "txn.app.id.prefix";
    private static final String TXN_APP_ID_PREFIX_DOC = "Prefix of the Delta txn application ids"
            + " (<prefix>-<topic>-<partition>) that record the last committed offset. Empty: the connector name."
            + " Keep it stable: changing it makes the connector forget what it committed.";
    public static final String COMMIT_MAX_FAILURES_CONFIG = "commit.max.failures";
    private static final String COMMIT_MAX_FAILURES_DOC = "How many commits of one topic partition may fail in a row"
            + " (storage errors, conflicts beyond commit.max.retries) before the task fails. Each failure keeps the"
            + " partition's files and retries with the next flush (at most once a second); a success resets the count."
            + " Counted per topic partition, so a healthy partition does not hide a stuck one.";

    // ---- Storage
    public static final String AZURE_ACCOUNT_NAME_CONFIG = "azure.storage.account.name";
    private static final String AZURE_ACCOUNT_NAME_DOC = "ADLS Gen2 storage account that holds abfss:// tables.";
    public static final String AZURE_AUTH_CONFIG = "azure.storage.auth";
    public static final String AUTH_NONE = "none";
    public static final String AUTH_ACCOUNT_KEY = "account-key";
    public static final String AUTH_SAS = "sas";
    public static final String AUTH_OAUTH = "oauth";
    private static final String AZURE_AUTH_DOC = "How to authenticate to ADLS Gen2: 'account-key', 'sas' (fixed SAS"
            + " token), 'oauth' (Entra ID service principal, client credentials) or 'none' (local paths, or"
            + " hadoop.* settings supplied directly).";
    public static final String AZURE_ACCOUNT_KEY_CONFIG = "azure.storage.account.key";
    private static final String AZURE_ACCOUNT_KEY_DOC = "Storage account key (auth 'account-key').";
    public static final String AZURE_SAS_TOKEN_CONFIG = "azure.storage.sas.token";
    private static final String AZURE_SAS_TOKEN_DOC = "SAS token without the leading '?' (auth 'sas').";
    public static final String AZURE_OAUTH_TENANT_ID_CONFIG = "azure.oauth.tenant.id";
    private static final String AZURE_OAUTH_TENANT_ID_DOC = "Entra ID tenant id (auth 'oauth').";
    public static final String AZURE_OAUTH_CLIENT_ID_CONFIG = "azure.oauth.client.id";
    private static final String AZURE_OAUTH_CLIENT_ID_DOC = "Application (client) id of the service principal.";
    public static final String AZURE_OAUTH_CLIENT_SECRET_CONFIG = "azure.oauth.client.secret";
    private static final String AZURE_OAUTH_CLIENT_SECRET_DOC = "Client secret of the service principal.";
    public static final String AZURE_OAUTH_ENDPOINT_CONFIG = "azure.oauth.authority.host";
    private static final String AZURE_OAUTH_ENDPOINT_DOC = "Entra ID authority host; change for sovereign clouds.";
    public static final String HADOOP_PREFIX = "hadoop.";

    private static final String GROUP_TABLES = "Tables";
    private static final String GROUP_PARTITIONING = "Partitioning";
    private static final String GROUP_FLUSH = "Flushing";
    private static final String GROUP_RECORDS = "Records";
    private static final String GROUP_COMMITS = "Commits";
    private static final String GROUP_STORAGE = "Storage (ADLS Gen2)";

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        ConfigGroup tables = ConfigGroup.of(def, GROUP_TABLES);
        tables.define(TABLES_ROOT_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, TABLES_ROOT_DOC, Width.LONG, "Tables root");
        tables.define(TABLES_TEMPLATE_CONFIG, Type.STRING, "${topic}", new TemplateValidator(),
                Importance.MEDIUM, TABLES_TEMPLATE_DOC, Width.MEDIUM, "Table template");
        tables.define(TABLES_MAP_CONFIG, Type.LIST, "", new TableMapValidator(),
                Importance.MEDIUM, TABLES_MAP_DOC, Width.LONG, "Topic to table map");
        tables.define(TABLES_AUTO_CREATE_CONFIG, Type.BOOLEAN, true,
                Importance.MEDIUM, TABLES_AUTO_CREATE_DOC, Width.SHORT, "Auto-create tables");
        tables.define(TABLES_CHECKPOINT_INTERVAL_CONFIG, Type.INT, 10, ConfigDef.Range.between(1, 100_000),
                Importance.LOW, TABLES_CHECKPOINT_INTERVAL_DOC, Width.SHORT, "Checkpoint interval");
        tables.define(TABLES_CREATE_PROPERTIES_CONFIG, Type.LIST, "", new TablePropertiesValidator(),
                Importance.LOW, TABLES_CREATE_PROPERTIES_DOC, Width.LONG, "Table properties");

        ConfigGroup partitioning = ConfigGroup.of(def, GROUP_PARTITIONING);
        partitioning.define(PARTITION_COLUMNS_CONFIG, Type.LIST, "",
                Importance.MEDIUM, PARTITION_COLUMNS_DOC, Width.MEDIUM, "Partition columns");
        partitioning.define(PARTITION_TIME_FIELD_CONFIG, Type.STRING, "",
                Importance.MEDIUM, PARTITION_TIME_FIELD_DOC, Width.MEDIUM, "Time field");
        partitioning.define(PARTITION_TIME_GRANULARITY_CONFIG, Type.STRING, GRANULARITY_HOUR,
                ConfigDef.CaseInsensitiveValidString.in(GRANULARITY_DATE, GRANULARITY_HOUR),
                Importance.MEDIUM, PARTITION_TIME_GRANULARITY_DOC, Width.SHORT, "Granularity");
        partitioning.define(PARTITION_TIME_DATE_COLUMN_CONFIG, Type.STRING, "date", new ConfigDef.NonEmptyString(),
                Importance.LOW, PARTITION_TIME_DATE_COLUMN_DOC, Width.SHORT, "Date column");
        partitioning.define(PARTITION_TIME_HOUR_COLUMN_CONFIG, Type.STRING, "hour", new ConfigDef.NonEmptyString(),
                Importance.LOW, PARTITION_TIME_HOUR_COLUMN_DOC, Width.SHORT, "Hour column");

        ConfigGroup flushing = ConfigGroup.of(def, GROUP_FLUSH);
        flushing.define(FLUSH_INTERVAL_MS_CONFIG, Type.LONG, 10_000L, ConfigDef.Range.between(100L, 3_600_000L),
                Importance.HIGH, FLUSH_INTERVAL_MS_DOC, Width.SHORT, "Flush interval (ms)");
        flushing.define(FLUSH_MAX_RECORDS_CONFIG, Type.INT, 1_000_000, ConfigDef.Range.atLeast(1),
                Importance.MEDIUM, FLUSH_MAX_RECORDS_DOC, Width.SHORT, "Flush max records");
        flushing.define(FILE_TARGET_SIZE_CONFIG, Type.LONG, 128L * 1024 * 1024,
                ConfigDef.Range.between(1024L, 2L * 1024 * 1024 * 1024),
                Importance.MEDIUM, FILE_TARGET_SIZE_DOC, Width.SHORT, "Target file size");
        flushing.define(FILE_OPEN_MAX_CONFIG, Type.INT, 64, ConfigDef.Range.between(1, 100_000),
                Importance.MEDIUM, FILE_OPEN_MAX_DOC, Width.SHORT, "Max open files");
        flushing.define(PARQUET_COMPRESSION_CONFIG, Type.STRING, "snappy",
                ConfigDef.CaseInsensitiveValidString.in("snappy", "zstd", "gzip", "lz4_raw", "uncompressed"),
                Importance.LOW, PARQUET_COMPRESSION_DOC, Width.SHORT, "Compression");
        flushing.define(PARQUET_ROW_GROUP_SIZE_CONFIG, Type.INT, 64 * 1024 * 1024,
                ConfigDef.Range.between(64 * 1024, 1024 * 1024 * 1024),
                Importance.LOW, PARQUET_ROW_GROUP_SIZE_DOC, Width.SHORT, "Row group size");

        ConfigGroup records = ConfigGroup.of(def, GROUP_RECORDS);
        records.define(SCHEMALESS_SCHEMA_CONFIG, Type.STRING, "", new DeltaSchemaValidator(),
                Importance.MEDIUM, SCHEMALESS_SCHEMA_DOC, Width.LONG, "Schemaless target schema");
        records.define(SCHEMA_EVOLUTION_CONFIG, Type.BOOLEAN, true,
                Importance.MEDIUM, SCHEMA_EVOLUTION_DOC, Width.SHORT, "Schema evolution");
        records.define(TOMBSTONES_CONFIG, Type.STRING, TOMBSTONES_SKIP,
                ConfigDef.CaseInsensitiveValidString.in(TOMBSTONES_SKIP, TOMBSTONES_DLQ, TOMBSTONES_FAIL),
                Importance.LOW, TOMBSTONES_DOC, Width.SHORT, "Tombstones");
        records.define(SCHEMA_MAX_DEPTH_CONFIG, Type.INT, 12, ConfigDef.Range.between(1, 32),
                Importance.LOW, SCHEMA_MAX_DEPTH_DOC, Width.SHORT, "Max nesting depth");
        records.define(SCHEMA_MAX_COLUMNS_CONFIG, Type.INT, 1000, ConfigDef.Range.between(1, 100_000),
                Importance.LOW, SCHEMA_MAX_COLUMNS_DOC, Width.SHORT, "Max columns");
        records.define(FIELD_MAX_BYTES_CONFIG, Type.INT, 16 * 1024 * 1024,
                ConfigDef.Range.between(1, Integer.MAX_VALUE),
                Importance.LOW, FIELD_MAX_BYTES_DOC, Width.SHORT, "Max field size");

        ConfigGroup commits = ConfigGroup.of(def, GROUP_COMMITS);
        commits.define(COMMIT_MAX_RETRIES_CONFIG, Type.INT, 50, ConfigDef.Range.between(0, 10_000),
                Importance.LOW, COMMIT_MAX_RETRIES_DOC, Width.SHORT, "Commit retries");
        commits.define(TXN_APP_ID_PREFIX_CONFIG, Type.STRING, "",
                Importance.LOW, TXN_APP_ID_PREFIX_DOC, Width.MEDIUM, "Txn app id prefix");
        commits.define(COMMIT_MAX_FAILURES_CONFIG, Type.INT, 10, ConfigDef.Range.atLeast(1),
                Importance.LOW, COMMIT_MAX_FAILURES_DOC, Width.SHORT, "Commit failures before failing");

        ConfigGroup storage = ConfigGroup.of(def, GROUP_STORAGE);
        storage.define(AZURE_ACCOUNT_NAME_CONFIG, Type.STRING, "",
                Importance.MEDIUM, AZURE_ACCOUNT_NAME_DOC, Width.MEDIUM, "Storage account");
        storage.define(AZURE_AUTH_CONFIG, Type.STRING, AUTH_NONE,
                ConfigDef.CaseInsensitiveValidString.in(AUTH_NONE, AUTH_ACCOUNT_KEY, AUTH_SAS, AUTH_OAUTH),
                Importance.MEDIUM, AZURE_AUTH_DOC, Width.SHORT, "Authentication");
        storage.define(AZURE_ACCOUNT_KEY_CONFIG, Type.PASSWORD, null,
                Importance.MEDIUM, AZURE_ACCOUNT_KEY_DOC, Width.MEDIUM, "Account key");
        storage.define(AZURE_SAS_TOKEN_CONFIG, Type.PASSWORD, null,
                Importance.MEDIUM, AZURE_SAS_TOKEN_DOC, Width.MEDIUM, "SAS token");
        storage.define(AZURE_OAUTH_TENANT_ID_CONFIG, Type.STRING, "",
                Importance.MEDIUM, AZURE_OAUTH_TENANT_ID_DOC, Width.MEDIUM, "Tenant id");
        storage.define(AZURE_OAUTH_CLIENT_ID_CONFIG, Type.STRING, "",
                Importance.MEDIUM, AZURE_OAUTH_CLIENT_ID_DOC, Width.MEDIUM, "Client id");
        storage.define(AZURE_OAUTH_CLIENT_SECRET_CONFIG, Type.PASSWORD, null,
                Importance.MEDIUM, AZURE_OAUTH_CLIENT_SECRET_DOC, Width.MEDIUM, "Client secret");
        storage.define(AZURE_OAUTH_ENDPOINT_CONFIG, Type.STRING, "https://login.microsoftonline.com",
                new ConfigDef.NonEmptyString(),
                Importance.LOW, AZURE_OAUTH_ENDPOINT_DOC, Width.MEDIUM, "Authority host");
        return def;
    }

    public DeltaSinkConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        validateAuth();
        if (!partitionTimeField().isEmpty() && timeColumns().stream().anyMatch(partitionColumns()::contains)) {
            throw new ConfigException(PARTITION_COLUMNS_CONFIG, partitionColumns(),
                    "must not name the derived time partition columns " + timeColumns());
        }
    }

    private void validateAuth() {
        String auth = azureAuth();
        if (!AUTH_NONE.equals(auth) && azureAccountName().isEmpty()) {
            throw new ConfigException(AZURE_ACCOUNT_NAME_CONFIG, "", "is required when " + AZURE_AUTH_CONFIG + "=" + auth);
        }
        switch (auth) {
            case AUTH_ACCOUNT_KEY -> requireSecret(AZURE_ACCOUNT_KEY_CONFIG, auth);
            case AUTH_SAS -> requireSecret(AZURE_SAS_TOKEN_CONFIG, auth);
            case AUTH_OAUTH -> {
                requireSecret(AZURE_OAUTH_CLIENT_SECRET_CONFIG, auth);
                for (String key : List.of(AZURE_OAUTH_TENANT_ID_CONFIG, AZURE_OAUTH_CLIENT_ID_CONFIG)) {
                    if (getString(key).isBlank()) {
                        throw new ConfigException(key, "", "is required when " + AZURE_AUTH_CONFIG + "=" + auth);
                    }
                }
            }
            default -> { }
        }
    }

    private void requireSecret(String key, String auth) {
        Password secret = getPassword(key);
        if (secret == null || secret.value() == null || secret.value().isBlank()) {
            throw new ConfigException(key, "[hidden]", "is required when " + AZURE_AUTH_CONFIG + "=" + auth);
        }
    }

    public String tablesRoot() {
        return getString(TABLES_ROOT_CONFIG);
    }

    public String tablesTemplate() {
        return getString(TABLES_TEMPLATE_CONFIG);
    }

    /** topic → location, in configuration order. */
    public Map<String, String> tablesMap() {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String entry : getList(TABLES_MAP_CONFIG)) {
            int colon = entry.indexOf(':');
            routes.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return routes;
    }

    public boolean autoCreateTables() {
        return getBoolean(TABLES_AUTO_CREATE_CONFIG);
    }

    public int checkpointInterval() {
        return getInt(TABLES_CHECKPOINT_INTERVAL_CONFIG);
    }

    /** Delta table properties for tables the connector creates, in configuration order (validated). */
    public Map<String, String> tableCreateProperties() {
        return TablePropertiesValidator.parse(getList(TABLES_CREATE_PROPERTIES_CONFIG));
    }

    public List<String> partitionColumns() {
        return getList(PARTITION_COLUMNS_CONFIG).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String partitionTimeField() {
        return getString(PARTITION_TIME_FIELD_CONFIG).trim();
    }

    public boolean hourPartitions() {
        return GRANULARITY_HOUR.equals(getString(PARTITION_TIME_GRANULARITY_CONFIG).toLowerCase(Locale.ROOT));
    }

    public String dateColumn() {
        return getString(PARTITION_TIME_DATE_COLUMN_CONFIG);
    }

    public String hourColumn() {
        return getString(PARTITION_TIME_HOUR_COLUMN_CONFIG);
    }

    /** The derived time partition columns, empty without a time field. */
    public List<String> timeColumns() {
        if (partitionTimeField().isEmpty()) {
            return List.of();
        }
        return hourPartitions() ? List.of(dateColumn(), hourColumn()) : List.of(dateColumn());
    }

    public long flushIntervalMs() {
        return getLong(FLUSH_INTERVAL_MS_CONFIG);
    }

    public int flushMaxRecords() {
        return getInt(FLUSH_MAX_RECORDS_CONFIG);
    }

    public long fileTargetSizeBytes() {
        return getLong(FILE_TARGET_SIZE_CONFIG);
    }

    public int fileOpenMax() {
        return getInt(FILE_OPEN_MAX_CONFIG);
    }

    public String parquetCompression() {
        return getString(PARQUET_COMPRESSION_CONFIG).toUpperCase(Locale.ROOT);
    }

    public int parquetRowGroupSize() {
        return getInt(PARQUET_ROW_GROUP_SIZE_CONFIG);
    }

    public String schemalessSchema() {
        return getString(SCHEMALESS_SCHEMA_CONFIG).trim();
    }

    public boolean schemaEvolution() {
        return getBoolean(SCHEMA_EVOLUTION_CONFIG);
    }

    public String tombstones() {
        return getString(TOMBSTONES_CONFIG).toLowerCase(Locale.ROOT);
    }

    public int schemaMaxDepth() {
        return getInt(SCHEMA_MAX_DEPTH_CONFIG);
    }

    public int schemaMaxColumns() {
        return getInt(SCHEMA_MAX_COLUMNS_CONFIG);
    }

    public int fieldMaxBytes() {
        return getInt(FIELD_MAX_BYTES_CONFIG);
    }

    public int commitMaxRetries() {
        return getInt(COMMIT_MAX_RETRIES_CONFIG);
    }

    public int commitMaxFailures() {
        return getInt(COMMIT_MAX_FAILURES_CONFIG);
    }

    /** The txn app id prefix: configured, else the connector name, else a fixed fallback for direct task use. */
    public String txnAppIdPrefix() {
        String prefix = getString(TXN_APP_ID_PREFIX_CONFIG).trim();
        if (!prefix.isEmpty()) {
            return prefix;
        }
        Object name = originals().get("name");
        return name == null || name.toString().isBlank() ? "medallion-delta-sink" : name.toString();
    }

    public String azureAccountName() {
        return getString(AZURE_ACCOUNT_NAME_CONFIG).trim();
    }

    public String azureAuth() {
        return getString(AZURE_AUTH_CONFIG).toLowerCase(Locale.ROOT);
    }

    public Password azureAccountKey() {
        return getPassword(AZURE_ACCOUNT_KEY_CONFIG);
    }

    public Password azureSasToken() {
        return getPassword(AZURE_SAS_TOKEN_CONFIG);
    }

    public String azureTenantId() {
        return getString(AZURE_OAUTH_TENANT_ID_CONFIG).trim();
    }

    public String azureClientId() {
        return getString(AZURE_OAUTH_CLIENT_ID_CONFIG).trim();
    }

    public Password azureClientSecret() {
        return getPassword(AZURE_OAUTH_CLIENT_SECRET_CONFIG);
    }

    public String azureAuthorityHost() {
        return getString(AZURE_OAUTH_ENDPOINT_CONFIG).trim();
    }

    /** Raw Hadoop settings given as hadoop.&lt;key&gt;, passed to the Hadoop Configuration unchanged. */
    public Map<String, Object> hadoopOverrides() {
        return originalsWithPrefix(HADOOP_PREFIX);
    }

    /** Checks that a template places every topic somewhere distinct. */
    private static final class TemplateValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String template = value == null ? "" : value.toString();
            if (!template.contains("${topic}")) {
                throw new ConfigException(name, value, "must contain ${topic} so every topic gets its own table");
            }
        }

        @Override
        public String toString() {
            return "a location containing ${topic}";
        }
    }

    /** Checks topic:location entries. */
    private static final class TableMapValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            for (Object entry : (List<?>) value) {
                String text = entry.toString();
                int colon = text.indexOf(':');
                if (colon <= 0 || colon == text.length() - 1) {
                    throw new ConfigException(name, value, "entry '" + text + "' is not topic:location");
                }
            }
        }

        @Override
        public String toString() {
            return "list of topic:location";
        }
    }

    /**
     * Checks key=value table properties: 'delta.' keys that Delta Kernel knows, with values Kernel accepts (its own
     * validation, so a typo fails here instead of when the first table is created), and none the connector sets.
     */
    private static final class TablePropertiesValidator implements ConfigDef.Validator {
        /** Set by the connector itself; an operator's value would contradict how it writes. */
        private static final Map<String, String> RESERVED = Map.of(
                "delta.checkpointinterval", "set " + TABLES_CHECKPOINT_INTERVAL_CONFIG + " instead: it also decides"
                        + " when the connector writes checkpoints",
                "delta.columnmapping.mode", "the connector creates tables with column mapping mode 'name', which"
                        + " Delta Kernel needs to add columns");

        static Map<String, String> parse(List<?> entries) {
            Map<String, String> properties = new LinkedHashMap<>();
            for (Object entry : entries) {
                String text = entry.toString().trim();
                int eq = text.indexOf('=');
                if (eq <= 0 || text.substring(0, eq).isBlank()) {
                    throw new IllegalArgumentException("entry '" + text + "' is not key=value");
                }
                String key = text.substring(0, eq).trim();
                if (!key.startsWith("delta.")) {
                    throw new IllegalArgumentException("key '" + key + "' does not start with 'delta.': only Delta"
                            + " table properties can be set");
                }
                String reason = RESERVED.get(key.toLowerCase(Locale.ROOT));
                if (reason != null) {
                    throw new IllegalArgumentException("key '" + key + "' is not allowed here: " + reason);
                }
                properties.put(key, text.substring(eq + 1).trim());
            }
            return properties;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            Map<String, String> properties;
            try {
                properties = parse((List<?>) value);
            } catch (RuntimeException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
            // One at a time, so the error names the entry Kernel refuses (its message may quote only the value).
            for (Map.Entry<String, String> property : properties.entrySet()) {
                try {
                    io.delta.kernel.internal.TableConfig.validateAndNormalizeDeltaProperties(
                            Map.of(property.getKey(), property.getValue()));
                } catch (RuntimeException e) {
                    throw new ConfigException(name, value, "Delta Kernel refuses " + property.getKey() + "="
                            + property.getValue() + ": " + e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "list of delta.<property>=<value>";
        }
    }

    /** Checks that a configured schema parses, as a Delta/Spark JSON struct or as a Spark SQL DDL column list. */
    private static final class DeltaSchemaValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            if (text.isEmpty()) {
                return;
            }
            boolean json = text.startsWith("{");
            try {
                dev.medallion.delta.sink.schema.DeltaSchemas.parseConfigured(text);
            } catch (RuntimeException e) {
                // The value may be a whole schema file (through a config provider): quote only its start.
                String start = text.length() > 80 ? text.substring(0, 80) + "..." : text;
                throw new ConfigException(name, start, json
                        ? "is not a Delta/Spark JSON struct schema: " + e.getMessage()
                        : "is not a Spark SQL DDL column list (name TYPE [NOT NULL] [COMMENT '...'], ...): "
                        + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "empty, a Delta/Spark JSON struct schema, or a Spark SQL DDL column list";
        }
    }
}
