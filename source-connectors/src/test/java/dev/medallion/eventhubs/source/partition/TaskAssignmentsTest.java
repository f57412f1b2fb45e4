package dev.medallion.eventhubs.source.partition;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How partitions are spread over tasks. */
class TaskAssignmentsTest {
    @Test
    void partitionsAreSpreadRoundRobinWithoutEmptyTasks() {
        List<String> ids = List.of("0", "1", "2", "3", "4");
        assertThat(TaskAssignments.assign(ids, 2)).containsExactly(List.of("0", "2", "4"), List.of("1", "3"));
        assertThat(TaskAssignments.assign(ids, 9)).hasSize(5).allMatch(a -> a.size() == 1);
        assertThat(TaskAssignments.assign(ids, 1)).containsExactly(ids);
    }
}
