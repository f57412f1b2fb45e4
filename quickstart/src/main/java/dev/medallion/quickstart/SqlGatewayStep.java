package dev.medallion.quickstart;

import dev.medallion.sql.SqlJob;
import dev.medallion.sql.SqlJobRunner;

import java.util.Deque;
import java.util.function.Consumer;

/**
 * The quickstart's SQL Gateway step: the Flink SQL job's runner also starts the analysts' SQL Gateway on
 * 127.0.0.1:{@code --gateway-port} (default 8091), on the job's embedded cluster, unless {@code --no-gateway}.
 * Analysts then open {@code ./ksql.sh}, JDBC or curl against it (docs/sql-gateway.md).
 */
final class SqlGatewayStep {
    private final QuickstartOptions options;

    SqlGatewayStep(QuickstartOptions options) {
        this.options = options;
    }

    void configure(SqlJobRunner.Builder builder) {
        if (options.gateway()) {
            builder.gateway("127.0.0.1:" + options.gatewayPort());
        }
    }

    /**
     * Prints where the gateway listens and registers the job's {@code close()}, which stops the gateway and the
     * embedded cluster; pushed before the savepoint stop, so it runs after it.
     */
    void started(SqlJob job, Deque<AutoCloseable> started, Consumer<String> note) {
        job.gatewayAddress().ifPresent(address -> {
            started.push(job::close);
            note.accept("SQL Gateway (REST, no authentication, loopback only) on http://" + address
                    + ": ./ksql.sh --endpoint " + address + " (docs/sql-gateway.md)");
        });
    }
}
