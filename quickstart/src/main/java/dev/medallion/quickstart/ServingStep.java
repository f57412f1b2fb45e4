package dev.medallion.quickstart;

import dev.medallion.serving.ServingConfig;
import dev.medallion.serving.ServingService;

import java.nio.file.Path;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The quickstart's serving step: the Lambda serving layer (one API over the speed view of {@code events.clean} and
 * the batch view of {@code gold/hourly_metrics}, the dashboard and the Prometheus endpoint) on
 * 127.0.0.1:{@code --serving-port} (default 8095), in the quickstart's JVM, unless {@code --no-serving}.
 */
final class ServingStep {
    private final QuickstartOptions options;

    ServingStep(QuickstartOptions options) {
        this.options = options;
    }

    boolean enabled() {
        return options.serving();
    }

    /** Starts the service and registers its close; prints where the API and the dashboard are. */
    ServingService start(String bootstrapServers, Path dataDir, Deque<AutoCloseable> started, Consumer<String> note) {
        return start(bootstrapServers, dataDir.toAbsolutePath().toString(), Map.of(), started, note);
    }

    /** The same on another lakehouse root ({@code abfss://...}) with its hadoop settings (--storage adls). */
    ServingService start(String bootstrapServers, String lakehouse, Map<String, String> hadoop,
                         Deque<AutoCloseable> started, Consumer<String> note) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ServingConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ServingConfig.LAKEHOUSE_CONFIG, lakehouse,
                ServingConfig.BIND_CONFIG, "127.0.0.1",
                ServingConfig.PORT_CONFIG, options.servingPort()));
        hadoop.forEach((k, v) -> settings.put("hadoop." + k, v));
        ServingService service = ServingService.start(new ServingConfig(settings));
        started.push(service);
        note.accept("serving API " + service.baseUri() + "api/metrics, dashboard " + service.baseUri()
                + "dashboard, Prometheus " + service.baseUri() + "metrics (serving/README.md)");
        return service;
    }
}
