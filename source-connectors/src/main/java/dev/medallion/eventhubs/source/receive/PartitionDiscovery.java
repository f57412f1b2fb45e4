package dev.medallion.eventhubs.source.receive;

import dev.medallion.common.Backoff;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Asks the hub for its partition ids when the connector starts. Transient failures are retried a few times with backoff
 * (a namespace that is briefly unreachable should not fail the connector); a refusal (bad credentials, unknown hub)
 * fails it at once with an explanation.
 */
public final class PartitionDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionDiscovery.class);

    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final ErrorClassifier classifier;
    private final Backoff backoff;
    private final int attempts;
    private final Sleeper sleeper;

    public PartitionDiscovery(ErrorClassifier classifier, Backoff backoff, int attempts, Sleeper sleeper) {
        this.classifier = classifier;
        this.backoff = backoff;
        this.attempts = attempts;
        this.sleeper = sleeper;
    }

    public List<String> partitionIds(PartitionReceiver receiver, String hub) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<String> ids = receiver.partitionIds();
                if (ids.isEmpty()) {
                    throw new ConnectException("Event hub " + hub + " reports no partitions");
                }
                return ids;
            } catch (ConnectException e) {
                throw e;
            } catch (RuntimeException e) {
                ErrorClassifier.Verdict verdict = classifier.classify(e);
                if (!verdict.retriable() || attempt >= attempts) {
                    throw new ConnectException("Cannot list the partitions of event hub " + hub + " (attempt "
                            + attempt + "): " + verdict.explanation(), e);
                }
                long delay = backoff.delayMillis(attempt);
                LOG.warn("Listing the partitions of event hub {} failed: {}; retrying in {} ms", hub,
                        verdict.explanation(), delay);
                try {
                    sleeper.sleep(delay);
                    receiver.recover();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("Interrupted while listing the partitions of " + hub, interrupted);
                }
            }
        }
    }
}
