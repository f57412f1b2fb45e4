package dev.medallion.eventhubs.source.partition;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionWatcherTest {

    @Test
    void reportsOnlyAGrownPartitionListAndKeepsCheckingAfterAFailure() {
        AtomicReference<Object> hub = new AtomicReference<>(List.of("0", "1"));
        List<List<String>> reported = new ArrayList<>();
        @SuppressWarnings("unchecked")
        PartitionWatcher watcher = new PartitionWatcher(() -> {
            Object answer = hub.get();
            if (answer instanceof RuntimeException e) {
                throw e;
            }
            return (List<String>) answer;
        }, List.of("0", "1"), reported::add);

        assertThat(watcher.check()).isFalse();
        hub.set(new IllegalStateException("namespace unreachable"));
        assertThat(watcher.check()).isFalse();
        hub.set(List.of("0", "1", "2", "3"));
        assertThat(watcher.check()).isTrue();
        assertThat(watcher.check()).as("reported once").isFalse();
        hub.set(List.of("0"));
        assertThat(watcher.check()).as("a shorter answer is not a change Event Hubs makes").isFalse();

        assertThat(reported).containsExactly(List.of("0", "1", "2", "3"));
    }
}
