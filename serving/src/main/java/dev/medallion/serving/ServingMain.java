package dev.medallion.serving;

import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/** Runs the serving service until the JVM is stopped (serving/serving.sh). */
public final class ServingMain {
    private ServingMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ServingConfig config;
        try {
            config = new ServingConfig(ServingOptions.parse(args, System.getenv()));
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ServingService service = ServingService.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "serving-shutdown"));
        System.out.println("Serving on " + service.baseUri() + " (dashboard: " + service.baseUri() + "dashboard)");
        stopped.await();
    }
}
