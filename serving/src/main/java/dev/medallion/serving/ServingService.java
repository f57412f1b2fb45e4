package dev.medallion.serving;

import dev.medallion.serving.api.ApiServer;
import dev.medallion.serving.api.TokenAuthenticator;
import dev.medallion.serving.batch.BatchSnapshot;
import dev.medallion.serving.batch.BatchView;
import dev.medallion.serving.batch.DataQualityReader;
import dev.medallion.serving.batch.HourlyMetricsReader;
import dev.medallion.serving.batch.KernelTableReader;
import dev.medallion.serving.monitor.ServingMetrics;
import dev.medallion.serving.monitor.DlqMonitor;
import dev.medallion.serving.monitor.StageMonitor;
import dev.medallion.serving.monitor.TableCommitMonitor;
import dev.medallion.serving.query.QueryMerger;
import dev.medallion.serving.query.ServingQueries;
import dev.medallion.serving.speed.InMemorySpeedView;
import dev.medallion.serving.speed.SpeedRetention;
import dev.medallion.serving.speed.SpeedView;
import dev.medallion.serving.speed.SpeedViewConsumer;
import dev.medallion.serving.speed.SpeedViewUnavailableException;
import dev.medallion.serving.speed.redis.RedisSpeedView;
import io.delta.kernel.defaults.engine.DefaultEngine;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The serving layer in one object, for {@link ServingMain} and for a JVM that embeds it (the quickstart):
 * {@link #start} builds the views, the consumer, the stage monitor and the HTTP server; {@link #close} stops them.
 * Lifecycle only: the work is in the views, the merger and the API classes.
 */
public final class ServingService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServingService.class);
    public static final String HOURLY_METRICS_TABLE = "gold/hourly_metrics";
    public static final String DATA_QUALITY_TABLE = "gold/data_quality";
    private static final long STAGE_SAMPLE_SECONDS = 5;
    /** Each table costs a Delta log listing: every 30 s is plenty for commit-rate and staleness alerts. */
    private static final long TABLE_SAMPLE_SECONDS = 30;

    private final ServingMetrics metrics = new ServingMetrics();
    private final SpeedView speed;
    private final SpeedViewConsumer consumer;
    private final DlqMonitor dlq;
    private final Admin admin;
    private final ScheduledExecutorService scheduler;
    private final ApiServer api;
    private final String host;

    private ServingService(ServingConfig config, Clock clock) throws IOException {
        Configuration hadoop = new Configuration();
        hadoop.setClassLoader(ServingService.class.getClassLoader());
        hadoop.set("fs.abfs.impl", "org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem");
        hadoop.set("fs.abfss.impl", "org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem");
        hadoop.set("fs.AbstractFileSystem.abfs.impl", "org.apache.hadoop.fs.azurebfs.Abfs");
        hadoop.set("fs.AbstractFileSystem.abfss.impl", "org.apache.hadoop.fs.azurebfs.Abfss");
        config.hadoopOverrides().forEach((k, v) -> hadoop.set(k, String.valueOf(v)));
        KernelTableReader reader = new KernelTableReader(DefaultEngine.create(hadoop));
        BatchView batch = new BatchView(new HourlyMetricsReader(reader), new DataQualityReader(reader),
                config.table(HOURLY_METRICS_TABLE), config.table(DATA_QUALITY_TABLE), clock);
        batch.refresh();   // first, so the speed view replays events.clean only from the boundary on

        speed = speedView(config);
        SpeedRetention retention = new SpeedRetention(config.speedTtl(), config.batchGrace(), config.speedMaxAge());
        consumer = new SpeedViewConsumer(config.bootstrapServers(), Map.of(), config.cleanTopic(), speed,
                () -> batch.current().boundaryEpochHour(), retention, metrics, clock);
        ServingQueries queries = new ServingQueries(batch, speed, retention, new QueryMerger(config.maxBuckets()),
                clock, consumer::caughtUp, () -> !consumer.failed());

        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "medallion-serving-stages"));
        StageMonitor stages = new StageMonitor(admin, config.stageTopics(), config.dlqTopics(), config.sinkGroups(),
                clock, metrics);
        registerGauges(queries, speed);
        dlq = new DlqMonitor(config.bootstrapServers(), config.dlqTopics(), metrics);
        Map<String, String> tables = new java.util.LinkedHashMap<>();
        config.monitorTables().forEach(t -> tables.put(t, config.table(t)));
        TableCommitMonitor commits = new TableCommitMonitor(reader, tables, metrics);

        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "serving-refresh");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> refresh(batch, queries), config.batchRefresh().toMillis(),
                config.batchRefresh().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> sampleStages(stages), 0, STAGE_SAMPLE_SECONDS, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(commits::sample, 0, TABLE_SAMPLE_SECONDS, TimeUnit.SECONDS);

        api = new ApiServer(config.bind(), config.port(), queries, stages::last, config.stageTopics(),
                config.dlqTopics(), metrics, new TokenAuthenticator(config.token()), config.maxTimeBuckets(),
                consumer::caughtUp);
        host = config.bind();
    }

    /** speed.store: this JVM's heap, or a Redis every replica with the same prefix shares. */
    private static SpeedView speedView(ServingConfig config) {
        if ("redis".equals(config.speedStore())) {
            RedisSpeedView view = RedisSpeedView.open(config.redisUrl(), config.redisUser(), config.redisPassword(),
                    config.redisKeyPrefix());
            log.info("Speed view in {}", view);   // host, port and prefix only
            return view;
        }
        return new InMemorySpeedView();
    }

    /** Starts the service; the caller closes it. */
    public static ServingService start(ServingConfig config) {
        return start(config, Clock.systemUTC());
    }

    static ServingService start(ServingConfig config, Clock clock) {
        try {
            ServingService service = new ServingService(config, clock);
            service.consumer.start();
            service.dlq.start();
            service.api.start();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the serving HTTP server on " + config.bind() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    private void refresh(BatchView batch, ServingQueries queries) {
        try {
            batch.refresh();
            BatchSnapshot s = batch.current();
            s.quality().values().forEach(q -> metrics.setGauge("serving_quality_score",
                    "latest data-quality score (0-1) the batch layer recorded for a table", q.score(),
                    "table", q.table()));
            int dropped = queries.evict();
            if (dropped > 0) {
                log.debug("Speed view dropped {} minutes the batch view covers", dropped);
            }
        } catch (SpeedViewUnavailableException e) {
            // Eviction is idempotent: the next refresh after the store is back drops what W covers by then.
            log.warn("Speed view eviction skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Batch refresh failed: {}", e.toString());
        }
    }

    private static void sampleStages(StageMonitor stages) {
        try {
            stages.sample();
        } catch (RuntimeException e) {
            log.debug("Stage sample failed: {}", e.toString());
        }
    }

    private void registerGauges(ServingQueries queries, SpeedView speed) {
        metrics.gauge("serving_batch_boundary_seconds", "the boundary W (epoch seconds): hours before it are final"
                + " in the batch view", () -> {
                    var w = queries.boundaryEpochHour();
                    return w.isPresent() ? w.getAsLong() * 3600 : null;
                });
        metrics.gauge("serving_batch_lag_seconds", "how far W trails the last hour batch could have finished",
                () -> queries.batchLag().toSeconds());
        metrics.gauge("serving_batch_lagging", "1 when batch lags beyond speed.ttl.ms (alert), else 0",
                () -> queries.batchLagging() ? 1 : 0);
        metrics.gauge("serving_batch_table_version", "version of gold/hourly_metrics the batch view holds",
                () -> queries.batchSnapshot().tableVersion());
        metrics.gauge("serving_speed_entries", "(minute, series) entries in the speed view", speed::entryCount);
        metrics.gauge("serving_speed_caught_up", "1 once the speed view has read events.clean up to its end at"
                + " start", () -> consumer.caughtUp() ? 1 : 0);
    }

    public int port() {
        return api.port();
    }

    /** http://host:port/ of the API. */
    public URI baseUri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/");
    }

    public ServingMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        api.close();
        scheduler.shutdownNow();
        consumer.close();
        dlq.close();
        admin.close(java.time.Duration.ofSeconds(5));
        if (speed instanceof RedisSpeedView redis) {
            redis.close();
        }
    }
}
