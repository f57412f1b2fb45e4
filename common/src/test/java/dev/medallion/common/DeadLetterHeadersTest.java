package dev.medallion.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter header names are a contract with whoever reads the dead-letter topics (operators' consumers, the
 * quickstart's checks): the source connector and the transforms write the same names, and renaming one breaks them.
 */
class DeadLetterHeadersTest {
    @Test
    void namesAreTheDocumentedOnes() {
        assertThat(DeadLetterHeaders.REASON).isEqualTo("error.reason");
        assertThat(DeadLetterHeaders.STAGE).isEqualTo("error.stage");
        assertThat(DeadLetterHeaders.FIELD).isEqualTo("error.field");
        assertThat(DeadLetterHeaders.RULE).isEqualTo("error.rule");
        assertThat(DeadLetterHeaders.VIOLATIONS).isEqualTo("error.violations");
        assertThat(DeadLetterHeaders.ORIGINAL_TOPIC).isEqualTo("error.original.topic");
        assertThat(DeadLetterHeaders.ORIGINAL_PARTITION).isEqualTo("error.original.partition");
        assertThat(DeadLetterHeaders.ORIGINAL_OFFSET).isEqualTo("error.original.offset");
        assertThat(DeadLetterHeaders.SOURCE_PARTITION).isEqualTo("error.source.partition");
        assertThat(DeadLetterHeaders.SOURCE_OFFSET).isEqualTo("error.source.offset");
        assertThat(DeadLetterHeaders.STAGE_SOURCE).isEqualTo("source");
    }
}
