package dev.medallion.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_764_043_200_000L;

    @Test
    void mixOfKindsMatchesTheShares() throws Exception {
        EventFactory factory = new EventFactory(42, new EventFactory.Mix(0.05, 0.03, 0.02));
        Map<EventFactory.Kind, Integer> kinds = new EnumMap<>(EventFactory.Kind.class);
        Map<String, String> firstJsonById = new HashMap<>();
        Set<String> types = new HashSet<>();
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            EventFactory.Event event = factory.next(NOW + i);
            kinds.merge(event.kind(), 1, Integer::sum);
            JsonNode json = JSON.readTree(event.json());
            switch (event.kind()) {
                case DUPLICATE -> assertThat(event.json()).as("a duplicate repeats its original byte for byte")
                        .isEqualTo(firstJsonById.get(event.eventId()));
                case INVALID -> assertThat(!json.has("event_id") || !json.has("event_type")
                        || !json.get("event_time").isNumber()).isTrue();
                case LATE -> assertThat(NOW + i - json.get("event_time").asLong()).isBetween(120_000L, 600_000L);
                case VALID -> {
                    assertThat(NOW + i - json.get("event_time").asLong()).isBetween(0L, 2_000L);
                    assertThat(firstJsonById.put(event.eventId(), event.json())).as("ids are unique").isNull();
                    types.add(json.get("event_type").asText());
                    assertThat(json.get("region").asText()).isIn(EventFactory.REGIONS);
                    if (json.get("event_type").asText().equals("purchase")) {
                        assertThat(json.get("revenue").asDouble()).isBetween(5.0, 500.0);
                    }
                }
            }
            if (event.kind() == EventFactory.Kind.LATE) {
                firstJsonById.put(event.eventId(), event.json());
            }
        }
        assertThat(kinds.get(EventFactory.Kind.DUPLICATE) / (double) n).isBetween(0.045, 0.055);
        assertThat(kinds.get(EventFactory.Kind.LATE) / (double) n).isBetween(0.025, 0.035);
        assertThat(kinds.get(EventFactory.Kind.INVALID) / (double) n).isBetween(0.016, 0.024);
        assertThat(types).containsExactlyInAnyOrderElementsOf(EventFactory.EVENT_TYPES);
    }

    @Test
    void reviewsAndPurchasesCarryText() throws Exception {
        EventFactory factory = new EventFactory(7, new EventFactory.Mix(0, 0, 0));
        int withText = 0;
        for (int i = 0; i < 2000; i++) {
            JsonNode json = JSON.readTree(factory.next(NOW).json());
            String type = json.get("event_type").asText();
            assertThat(json.has("text")).isEqualTo(type.equals("review") || type.equals("purchase")
                    || type.equals("search"));
            withText += json.has("text") ? 1 : 0;
        }
        assertThat(withText).isGreaterThan(300);
    }

    @Test
    void sameSeedSameEvents() {
        EventFactory a = new EventFactory(1, EventFactory.Mix.defaults());
        EventFactory b = new EventFactory(1, EventFactory.Mix.defaults());
        for (int i = 0; i < 100; i++) {
            assertThat(a.next(NOW)).isEqualTo(b.next(NOW));
        }
    }

    @Test
    void rejectsImpossibleShares() {
        assertThatThrownBy(() -> new EventFactory.Mix(0.5, 0.3, 0.2)).hasMessageContaining("below 1");
        assertThatThrownBy(() -> new EventFactory.Mix(-0.1, 0, 0)).hasMessageContaining("duplicates");
    }
}
