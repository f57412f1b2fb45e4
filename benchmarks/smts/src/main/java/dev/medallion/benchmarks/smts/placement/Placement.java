package dev.medallion.benchmarks.smts.placement;

/** Where silver's enrichment is computed (issue #12: measure both, pick the cheaper). */
public enum Placement {
    /** A: the source connector enriches every record; the enrichment rides through events.raw, the SQL job and events.clean. */
    SOURCE_CARRIED("A", "enrich at the source, carried through SQL"),
    /** B: the raw event travels as it came; the silver sink enriches the deduplicated events.clean. */
    AFTER_DEDUPE("B", "enrich after dedupe (silver sink)");

    public final String letter;
    public final String description;

    Placement(String letter, String description) {
        this.letter = letter;
        this.description = description;
    }
}
