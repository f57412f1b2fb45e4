package dev.medallion.smt.dlq;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics that hold dead letters in this worker: every {@code dlq.topic.name} a transform of this plugin routes to,
 * every topic named in {@code dlq.known.topics}, and by convention every topic whose name ends in {@code .dlq} (the
 * Event Hubs source connector's default {@code ${hub}.dlq}). A record counts as already dead-lettered only on such a
 * topic: routing rewrites the topic, and an event chooses its headers (application properties become headers) but
 * never its topic, so an {@code error.stage} header forged on an ordinary record does not let it skip validation.
 *
 * <p>Worker-wide on purpose: transforms that take no dead-letter settings (Enrich, FlagAnomaly) must recognise the
 * topics the rejecting transforms of the same chain route to. A topic only ever gets added; naming a topic that also
 * carries ordinary records as a dead-letter topic would let forged headers through on it, so don't.
 */
public final class DeadLetterTopics {
    /** Suffix that marks a dead-letter topic without configuration. */
    public static final String SUFFIX = ".dlq";
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private DeadLetterTopics() {
    }

    /** Declares topics as dead-letter topics for every transform of this plugin in this worker. */
    public static void register(Collection<String> topics) {
        for (String topic : topics) {
            if (topic != null && !topic.isBlank()) {
                KNOWN.add(topic);
            }
        }
    }

    /** True for a topic a dead-lettering stage routes to; false for null. */
    public static boolean contains(String topic) {
        return topic != null && (topic.endsWith(SUFFIX) || KNOWN.contains(topic));
    }
}
