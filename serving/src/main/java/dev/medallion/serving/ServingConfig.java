package dev.medallion.serving;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/** Settings of the serving service (command-line options map onto these keys; see serving/README.md). */
public final class ServingConfig extends AbstractConfig {
    private static final String GROUP_SOURCES = "Sources";
    private static final String GROUP_HTTP = "HTTP";
    private static final String GROUP_VIEWS = "Views";
    private static final String GROUP_DASHBOARD = "Dashboard";
    private static final String GROUP_REDIS = "Redis speed store";

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka cluster the speed view and the stage figures read.";
    public static final String LAKEHOUSE_CONFIG = "lakehouse";
    public static final String LAKEHOUSE_DOC = "Root of the lakehouse (a local path or any Hadoop URI such as"
            + " abfss://container@account.dfs.core.windows.net/lake); the batch view reads gold/hourly_metrics and"
            + " gold/data_quality under it.";
    public static final String CLEAN_TOPIC_CONFIG = "topic.clean";
    public static final String CLEAN_TOPIC_DOC = "Topic of the clean (silver) events the speed view aggregates.";

    public static final String BIND_CONFIG = "http.bind";
    public static final String BIND_DOC = "Address the HTTP server binds to. Anything but a loopback address requires"
            + " " + "http.token" + ".";
    public static final String PORT_CONFIG = "http.port";
    public static final String PORT_DOC = "HTTP port (0: any free port).";
    public static final String TOKEN_CONFIG = "http.token";
    public static final String TOKEN_DOC = "Bearer token every request but /health must carry (Authorization: Bearer"
            + " ...). Required when bound to a non-loopback address; never logged.";
    public static final String MAX_BUCKETS_CONFIG = "api.max.buckets";
    public static final String MAX_BUCKETS_DOC = "Most buckets (time bucket x series) one response carries; more are"
            + " cut and the response says truncated=true.";
    public static final String MAX_TIME_BUCKETS_CONFIG = "api.max.time.buckets";
    public static final String MAX_TIME_BUCKETS_DOC = "Most time buckets a query may ask for (range / granularity);"
            + " a larger question is refused with 400.";

    public static final String SPEED_TTL_CONFIG = "speed.ttl.ms";
    public static final String SPEED_TTL_DOC = "How far the batch boundary may trail the last hour batch could have"
            + " finished before the service reports batch lag (metric serving_batch_lagging=1, health DEGRADED)."
            + " Speed minutes not covered by batch are kept beyond it, so a lagging batch layer leaves no gap.";
    public static final String SPEED_MAX_AGE_CONFIG = "speed.max.age.ms";
    public static final String SPEED_MAX_AGE_DOC = "Memory bound of the speed view: minutes older than this are"
            + " dropped even if batch does not cover them yet (responses then report a gap).";
    public static final String BATCH_GRACE_CONFIG = "batch.grace.ms";
    public static final String BATCH_GRACE_DOC = "Time after an hour's end before batch can finish it (the batch"
            + " job's watermark allowance).";
    public static final String BATCH_REFRESH_CONFIG = "batch.refresh.ms";
    public static final String BATCH_REFRESH_DOC = "How often the batch view checks the Delta tables for a new version.";

    public static final String SPEED_STORE_CONFIG = "speed.store";
    public static final String SPEED_STORE_DOC = "Where the speed view lives: memory (this process, one view per"
            + " replica) or redis (one view shared by every replica pointing at the same Redis and key prefix).";
    public static final String REDIS_URL_CONFIG = "redis.url";
    public static final String REDIS_URL_DOC = "Redis server of speed.store=redis: redis://host:port or"
            + " rediss://host:port (TLS), optionally /db. Credentials go in redis.user and redis.password, never in"
            + " the URL.";
    public static final String REDIS_USER_CONFIG = "redis.user";
    public static final String REDIS_USER_DOC = "Redis ACL user (empty: the default user).";
    public static final String REDIS_PASSWORD_CONFIG = "redis.password";
    public static final String REDIS_PASSWORD_DOC = "Redis password (AUTH); never logged.";
    public static final String REDIS_KEY_PREFIX_CONFIG = "redis.key.prefix";
    public static final String REDIS_KEY_PREFIX_DOC = "Prefix of every key the speed view writes. Replicas with the"
            + " same prefix share one view; a different prefix is a separate view on the same Redis.";

    public static final String STAGE_TOPICS_CONFIG = "dashboard.stage.topics";
    public static final String STAGE_TOPICS_DOC = "Topics whose write rate the dashboard shows as the pipeline's"
            + " stages, in order.";
    public static final String DLQ_TOPICS_CONFIG = "dashboard.dlq.topics";
    public static final String DLQ_TOPICS_DOC = "Dead-letter topics whose rate the dashboard shows.";
    public static final String SINK_GROUPS_CONFIG = "dashboard.sink.groups";
    public static final String SINK_GROUPS_DOC = "Consumer groups (Connect sinks: connect-<name>) whose lag the"
            + " dashboard shows.";

    public static final String MONITOR_TABLES_CONFIG = "monitor.tables";
    public static final String MONITOR_TABLES_DOC = "Lakehouse tables (relative to the lakehouse root) whose Delta"
            + " version and last commit time are exported as metrics (sink and batch commits).";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "127.0.0.1:9092", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, BOOTSTRAP_SERVERS_DOC, GROUP_SOURCES, 1, ConfigDef.Width.LONG, "Kafka")
            .define(LAKEHOUSE_CONFIG, Type.STRING, "./lakehouse", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    LAKEHOUSE_DOC, GROUP_SOURCES, 2, ConfigDef.Width.LONG, "Lakehouse root")
            .define(CLEAN_TOPIC_CONFIG, Type.STRING, "events.clean", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, CLEAN_TOPIC_DOC, GROUP_SOURCES, 3, ConfigDef.Width.MEDIUM, "Clean topic")
            .define(BIND_CONFIG, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    BIND_DOC, GROUP_HTTP, 1, ConfigDef.Width.MEDIUM, "Bind address")
            .define(PORT_CONFIG, Type.INT, 8095, Range.between(0, 65535), Importance.HIGH, PORT_DOC, GROUP_HTTP, 2,
                    ConfigDef.Width.SHORT, "Port")
            .define(TOKEN_CONFIG, Type.PASSWORD, null, Importance.HIGH, TOKEN_DOC, GROUP_HTTP, 3,
                    ConfigDef.Width.MEDIUM, "Token")
            .define(MAX_BUCKETS_CONFIG, Type.INT, 20_000, Range.between(1, 1_000_000), Importance.LOW,
                    MAX_BUCKETS_DOC, GROUP_HTTP, 4, ConfigDef.Width.SHORT, "Max buckets")
            .define(MAX_TIME_BUCKETS_CONFIG, Type.INT, 2_880, Range.between(1, 100_000), Importance.LOW,
                    MAX_TIME_BUCKETS_DOC, GROUP_HTTP, 5, ConfigDef.Width.SHORT, "Max time buckets")
            .define(SPEED_TTL_CONFIG, Type.LONG, 3_600_000L, Range.atLeast(60_000L), Importance.MEDIUM,
                    SPEED_TTL_DOC, GROUP_VIEWS, 1, ConfigDef.Width.SHORT, "Speed TTL")
            .define(SPEED_MAX_AGE_CONFIG, Type.LONG, 86_400_000L, Range.atLeast(3_600_000L), Importance.MEDIUM,
                    SPEED_MAX_AGE_DOC, GROUP_VIEWS, 2, ConfigDef.Width.SHORT, "Speed max age")
            .define(BATCH_GRACE_CONFIG, Type.LONG, 300_000L, Range.between(0L, 86_400_000L), Importance.LOW,
                    BATCH_GRACE_DOC, GROUP_VIEWS, 3, ConfigDef.Width.SHORT, "Batch grace")
            .define(BATCH_REFRESH_CONFIG, Type.LONG, 10_000L, Range.between(100L, 3_600_000L), Importance.LOW,
                    BATCH_REFRESH_DOC, GROUP_VIEWS, 4, ConfigDef.Width.SHORT, "Batch refresh")
            .define(SPEED_STORE_CONFIG, Type.STRING, "memory", ConfigDef.ValidString.in("memory", "redis"),
                    Importance.MEDIUM, SPEED_STORE_DOC, GROUP_VIEWS, 5, ConfigDef.Width.SHORT, "Speed store")
            .define(REDIS_URL_CONFIG, Type.STRING, "redis://127.0.0.1:6379", new RedisUrlValidator(),
                    Importance.MEDIUM, REDIS_URL_DOC, GROUP_REDIS, 1, ConfigDef.Width.LONG, "Redis URL")
            .define(REDIS_USER_CONFIG, Type.STRING, "", Importance.LOW, REDIS_USER_DOC, GROUP_REDIS, 2,
                    ConfigDef.Width.SHORT, "Redis user")
            .define(REDIS_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, REDIS_PASSWORD_DOC, GROUP_REDIS,
                    3, ConfigDef.Width.MEDIUM, "Redis password")
            .define(REDIS_KEY_PREFIX_CONFIG, Type.STRING, "medallion:speed:", new ConfigDef.NonEmptyString(),
                    Importance.LOW, REDIS_KEY_PREFIX_DOC, GROUP_REDIS, 4, ConfigDef.Width.MEDIUM, "Redis key prefix")
            .define(STAGE_TOPICS_CONFIG, Type.LIST, "events.raw,events.clean,metrics.1m,metrics.1h",
                    Importance.LOW, STAGE_TOPICS_DOC, GROUP_DASHBOARD, 1, ConfigDef.Width.LONG, "Stage topics")
            .define(DLQ_TOPICS_CONFIG, Type.LIST, "events.dlq,bronze-sink.dlq", Importance.LOW, DLQ_TOPICS_DOC,
                    GROUP_DASHBOARD, 2, ConfigDef.Width.LONG, "DLQ topics")
            .define(SINK_GROUPS_CONFIG, Type.LIST,
                    "connect-bronze-sink,connect-silver-sink,connect-gold-1m-sink,connect-gold-1h-sink",
                    Importance.LOW, SINK_GROUPS_DOC, GROUP_DASHBOARD, 3, ConfigDef.Width.LONG, "Sink groups")
            .define(MONITOR_TABLES_CONFIG, Type.LIST,
                    "bronze/events,silver/events,gold/metrics_1m,gold/metrics_1h,gold/hourly_metrics",
                    Importance.LOW, MONITOR_TABLES_DOC, GROUP_DASHBOARD, 4, ConfigDef.Width.LONG, "Monitored tables");

    public ServingConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, originals);
        if (!isLoopback(bind()) && token() == null) {
            throw new ConfigException(TOKEN_CONFIG, "[hidden]", "the service is bound to " + bind()
                    + ", which is not a loopback address: set a token (--token-file or SERVING_TOKEN) so only"
                    + " clients that know it can read the API, or bind to 127.0.0.1");
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(BIND_CONFIG, host, "unknown host: " + e.getMessage());
        }
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The lakehouse root as a URI-ish string without a trailing slash. */
    public String lakehouse() {
        String root = getString(LAKEHOUSE_CONFIG);
        if (!root.contains("://") && !root.startsWith("file:")) {
            root = java.nio.file.Path.of(root).toAbsolutePath().normalize().toUri().toString();
        }
        return root.replaceAll("/+$", "");
    }

    public String table(String relative) {
        return lakehouse() + "/" + relative;
    }

    public String cleanTopic() {
        return getString(CLEAN_TOPIC_CONFIG);
    }

    public String bind() {
        return getString(BIND_CONFIG);
    }

    public int port() {
        return getInt(PORT_CONFIG);
    }

    /** The token, or null when none is set. */
    public String token() {
        Password p = getPassword(TOKEN_CONFIG);
        return p == null || p.value().isEmpty() ? null : p.value();
    }

    public int maxBuckets() {
        return getInt(MAX_BUCKETS_CONFIG);
    }

    public int maxTimeBuckets() {
        return getInt(MAX_TIME_BUCKETS_CONFIG);
    }

    public java.time.Duration speedTtl() {
        return java.time.Duration.ofMillis(getLong(SPEED_TTL_CONFIG));
    }

    public java.time.Duration speedMaxAge() {
        return java.time.Duration.ofMillis(getLong(SPEED_MAX_AGE_CONFIG));
    }

    public java.time.Duration batchGrace() {
        return java.time.Duration.ofMillis(getLong(BATCH_GRACE_CONFIG));
    }

    public java.time.Duration batchRefresh() {
        return java.time.Duration.ofMillis(getLong(BATCH_REFRESH_CONFIG));
    }

    /** memory or redis. */
    public String speedStore() {
        return getString(SPEED_STORE_CONFIG);
    }

    public java.net.URI redisUrl() {
        return java.net.URI.create(getString(REDIS_URL_CONFIG));
    }

    /** The ACL user, or null for the default user. */
    public String redisUser() {
        String user = getString(REDIS_USER_CONFIG);
        return user == null || user.isEmpty() ? null : user;
    }

    /** The password, or null when none is set. */
    public String redisPassword() {
        Password p = getPassword(REDIS_PASSWORD_CONFIG);
        return p == null || p.value().isEmpty() ? null : p.value();
    }

    public String redisKeyPrefix() {
        return getString(REDIS_KEY_PREFIX_CONFIG);
    }

    public List<String> stageTopics() {
        return getList(STAGE_TOPICS_CONFIG);
    }

    public List<String> dlqTopics() {
        return getList(DLQ_TOPICS_CONFIG);
    }

    /** {@code hadoop.*} settings (e.g. ABFS credentials), prefix removed; values are never logged. */
    public Map<String, Object> hadoopOverrides() {
        return originalsWithPrefix("hadoop.");
    }

    public List<String> monitorTables() {
        return getList(MONITOR_TABLES_CONFIG);
    }

    public List<String> sinkGroups() {
        return getList(SINK_GROUPS_CONFIG);
    }

    /**
     * redis:// or rediss:// with a host and no user info: a password in the URL would end up in logs and in this
     * config's toString, so it is refused (and never echoed) in favour of redis.password.
     */
    static final class RedisUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            java.net.URI uri;
            try {
                uri = new java.net.URI(String.valueOf(value));
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name + " is not a URI; use redis://host:port");
            }
            if (uri.getRawUserInfo() != null) {
                throw new ConfigException(name + " must not carry credentials: put the user in " + REDIS_USER_CONFIG
                        + " and the password in " + REDIS_PASSWORD_CONFIG);
            }
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(name + " must look like redis://host:port or rediss://host:port, not "
                        + value);
            }
        }

        @Override
        public String toString() {
            return "redis://host:port or rediss://host:port, without credentials";
        }
    }
}
