package dev.medallion.eventhubs.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks what a hub holds against what was produced to Kafka: after dropping repeated copies by their kafka.topic,
 * kafka.partition and kafka.offset properties (as the README tells consumers to), every record is there exactly once
 * and each key's records are in the order they were produced (bodies {"k":"<key>","i":<n>}, n counting per key).
 */
final class Reconciliation {
    private static final Pattern BODY = Pattern.compile("\\{\"k\":\"([^\"]+)\",\"i\":(\\d+)}");

    private Reconciliation() {
    }

    static String body(String key, int i) {
        return "{\"k\":\"" + key + "\",\"i\":" + i + "}";
    }

    /** Asserts and answers how many copies were dropped. */
    static int assertEveryRecordOnceInOrderPerKey(List<HubReader.ReadEvent> events, Map<String, Integer> sentPerKey) {
        Set<String> seen = new HashSet<>();
        Map<String, List<Integer>> perKey = new LinkedHashMap<>();
        int copies = 0;
        for (HubReader.ReadEvent event : events) {
            if (!seen.add(event.kafkaPosition())) {
                copies++;
                continue;
            }
            Matcher m = BODY.matcher(event.body());
            assertThat(m.matches()).as("body %s", event.body()).isTrue();
            perKey.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            assertThat(event.partitionKey()).as("partition key of %s", event.body()).isEqualTo(m.group(1));
        }
        Map<String, List<Integer>> expected = new HashMap<>();
        sentPerKey.forEach((key, count) -> {
            List<Integer> range = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                range.add(i);
            }
            expected.put(key, range);
        });
        assertThat(perKey).as("each key's records, once each, in the order produced").isEqualTo(expected);
        return copies;
    }
}
