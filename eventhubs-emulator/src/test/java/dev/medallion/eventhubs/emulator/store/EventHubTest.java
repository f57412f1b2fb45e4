package dev.medallion.eventhubs.emulator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EventHubTest {

    @Test
    void aKeyAlwaysRoutesToTheSamePartitionAndKeysSpreadOverAll() {
        EventHub hub = new EventHub("h", 4, 1000, 0);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = "customer-" + i;
            PartitionLog first = hub.route(key);
            assertThat(hub.route(key)).isSameAs(first);
            used.add(first.partitionId());
        }
        assertThat(used).containsExactlyInAnyOrder("0", "1", "2", "3");
    }

    @Test
    void theHashIsStable() {
        // FNV-1a of "a" is 0xE40C292C: a change here would move keys between partitions across versions.
        assertThat(EventHub.stableHash("a")).isEqualTo(0xE40C292C);
    }

    @Test
    void withoutAKeyEventsGoRoundRobin() {
        EventHub hub = new EventHub("h", 3, 1000, 0);
        assertThat(hub.route(null).partitionId()).isEqualTo("0");
        assertThat(hub.route(null).partitionId()).isEqualTo("1");
        assertThat(hub.route(null).partitionId()).isEqualTo("2");
        assertThat(hub.route(null).partitionId()).isEqualTo("0");
    }

    @Test
    void consumerGroupsAndPartitionsAreLookedUpSafely() {
        EventHub hub = new EventHub("h", 2, 1000, 0);
        hub.addConsumerGroup("Analytics");
        assertThat(hub.hasConsumerGroup("$default")).isTrue();
        assertThat(hub.hasConsumerGroup("analytics")).isTrue();
        assertThat(hub.hasConsumerGroup("other")).isFalse();
        assertThat(hub.partition("1")).isNotNull();
        assertThat(hub.partition("2")).isNull();
        assertThat(hub.partition("x")).isNull();
        assertThatThrownBy(() -> new EventHub("h", 0, 1000, 0)).hasMessageContaining("1..1024");
    }

    @Test
    void partitionsCanBeAddedButNotRemoved() {
        EventHub hub = new EventHub("h", 2, 1000, 0);
        PartitionLog first = hub.partition("0");
        hub.growTo(4);
        assertThat(hub.partitionIds()).containsExactly("0", "1", "2", "3");
        assertThat(hub.partition("0")).isSameAs(first);
        assertThat(hub.partition("3")).isNotNull();
        assertThatThrownBy(() -> hub.growTo(3)).hasMessageContaining("can only grow");
        assertThatThrownBy(() -> hub.growTo(1025)).hasMessageContaining("up to 1024");
    }
}
