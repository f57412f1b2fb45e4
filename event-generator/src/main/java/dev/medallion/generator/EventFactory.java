package dev.medallion.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Makes realistic events in the JSON shape of {@code docs/event-schema.md}: event types with their own revenue and
 * text, Azure regions, users, client latencies; plus, in configurable shares, exact duplicates (a producer retry:
 * same {@code event_id} and {@code event_time}), late events (event time minutes in the past) and invalid events
 * (a required field missing or of the wrong type) that the Validate transform must send to the DLQ.
 *
 * <p>Seeded, so a run is reproducible; not thread-safe (one generator thread owns it).
 */
public final class EventFactory {
    /** What an event is for the bookkeeping. LATE events are valid; DUPLICATE repeats an earlier valid event. */
    public enum Kind { VALID, LATE, DUPLICATE, INVALID }

    /** One event to publish. */
    public record Event(String eventId, long eventTime, Kind kind, String json) {
        public boolean valid() {
            return kind != Kind.INVALID;
        }
    }

    /** Shares (0..1) of duplicates, late and invalid events among all events. */
    public record Mix(double duplicates, double late, double invalid) {
        public Mix {
            check("duplicates", duplicates);
            check("late", late);
            check("invalid", invalid);
            if (duplicates + late + invalid >= 1) {
                throw new IllegalArgumentException("duplicates + late + invalid shares must stay below 1");
            }
        }

        public static Mix defaults() {
            return new Mix(0.03, 0.02, 0.02);
        }

        private static void check(String name, double share) {
            if (share < 0 || share >= 1) {
                throw new IllegalArgumentException(name + " share must be in [0, 1), was " + share);
            }
        }
    }

    static final List<String> EVENT_TYPES = List.of("page_view", "click", "add_to_cart", "purchase", "search", "review");
    private static final double[] TYPE_WEIGHTS = {0.40, 0.25, 0.10, 0.08, 0.12, 0.05};
    /** The Azure regions events come from. */
    public static final List<String> REGIONS = List.of("westeurope", "northeurope", "eastus", "westus2", "southeastasia",
            "brazilsouth");
    private static final List<String> PRODUCTS = List.of("Contoso headphones", "Fabrikam laptop", "Northwind coffee",
            "Tailspin drone", "Adventure Works bike", "Litware keyboard");
    private static final List<String> CITIES = List.of("Paris", "Dublin", "Seattle", "Singapore", "Sao Paulo", "Berlin");
    private static final List<String> PRAISE = List.of("Great service, fast delivery of the %s to %s.",
            "I love the %s, works perfectly in %s.", "Excellent quality, the %s arrived early in %s.");
    private static final List<String> COMPLAINTS = List.of("Terrible experience: the %s broke after a day in %s.",
            "The %s is slow and support in %s never answered.", "Disappointed, the %s was late to %s.");
    private static final List<String> NEUTRAL = List.of("Looking for a %s near %s.", "Compared the %s, shipping to %s.",
            "Searched %s in %s.");
    private static final int RECENT = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Random random;
    private final Mix mix;
    private final Event[] recentValid = new Event[RECENT];
    private int recentCount;

    public EventFactory(long seed, Mix mix) {
        this.random = new Random(seed);
        this.mix = mix;
    }

    /** The next event, with event time around {@code nowMillis}. */
    public Event next(long nowMillis) {
        double roll = random.nextDouble();
        if (roll < mix.duplicates() && recentCount > 0) {
            Event original = recentValid[random.nextInt(Math.min(recentCount, RECENT))];
            return new Event(original.eventId(), original.eventTime(), Kind.DUPLICATE, original.json());
        }
        if (roll < mix.duplicates() + mix.invalid()) {
            return invalid(nowMillis);
        }
        boolean late = roll < mix.duplicates() + mix.invalid() + mix.late();
        // Late: 2 to 10 minutes behind the clock, past the SQL job's 1-minute watermark, so it lands in silver but
        // not in the window metrics. On time: up to 2 s of client-side skew.
        long eventTime = late ? nowMillis - 120_000 - random.nextInt(480_000) : nowMillis - random.nextInt(2_000);
        ObjectNode node = validNode(randomId(), eventTime);
        Event event = new Event(node.get("event_id").asText(), eventTime, late ? Kind.LATE : Kind.VALID,
                node.toString());
        recentValid[recentCount++ % RECENT] = event;
        return event;
    }

    private ObjectNode validNode(String eventId, long eventTime) {
        String type = weightedType();
        ObjectNode node = JSON.createObjectNode();
        node.put("event_id", eventId);
        node.put("event_type", type);
        node.put("user_id", String.format("u-%05d", random.nextInt(20_000)));
        node.put("region", REGIONS.get(random.nextInt(REGIONS.size())));
        node.put("event_time", eventTime);
        if (type.equals("purchase")) {
            node.put("revenue", Math.round((5 + random.nextDouble() * 495) * 100) / 100.0);
        } else if (type.equals("add_to_cart")) {
            node.put("revenue", 0.0);
        }
        node.put("latency_ms", 5 + (long) Math.abs(random.nextGaussian() * 40));
        node.put("response_time_ms", 20 + (long) Math.abs(random.nextGaussian() * 120));
        node.put("processing_time_ms", 1 + random.nextInt(15));
        String text = text(type);
        if (text != null) {
            node.put("text", text);
        }
        return node;
    }

    private Event invalid(long nowMillis) {
        String eventId = randomId();
        ObjectNode node = validNode(eventId, nowMillis);
        switch (random.nextInt(3)) {
            case 0 -> node.remove("event_type");
            case 1 -> node.remove("event_id");
            default -> node.put("event_time", "yesterday");
        }
        return new Event(eventId, nowMillis, Kind.INVALID, node.toString());
    }

    /** A version-4 style UUID from the seeded generator, so a seed reproduces ids too. */
    private String randomId() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private String weightedType() {
        double roll = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < TYPE_WEIGHTS.length; i++) {
            sum += TYPE_WEIGHTS[i];
            if (roll < sum) {
                return EVENT_TYPES.get(i);
            }
        }
        return EVENT_TYPES.get(0);
    }

    private String text(String type) {
        String product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
        String city = CITIES.get(random.nextInt(CITIES.size()));
        List<String> templates;
        switch (type) {
            case "review" -> templates = random.nextBoolean() ? PRAISE : COMPLAINTS;
            case "purchase" -> templates = random.nextInt(4) == 0 ? COMPLAINTS : PRAISE;
            case "search" -> templates = NEUTRAL;
            default -> {
                return null;
            }
        }
        return String.format(templates.get(random.nextInt(templates.size())), product, city);
    }
}
