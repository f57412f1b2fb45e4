package dev.medallion.eventhubs.source.partition;

import java.util.ArrayList;
import java.util.List;

/**
 * Spreads a hub's partitions over at most {@code tasks.max} tasks, round robin, so tasks differ by at most one
 * partition and no task is created without a partition.
 */
public final class TaskAssignments {
    private TaskAssignments() {
    }

    public static List<List<String>> assign(List<String> partitionIds, int maxTasks) {
        int tasks = Math.min(Math.max(1, maxTasks), partitionIds.size());
        List<List<String>> assignments = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            assignments.add(new ArrayList<>());
        }
        for (int i = 0; i < partitionIds.size(); i++) {
            assignments.get(i % tasks).add(partitionIds.get(i));
        }
        return assignments;
    }
}
