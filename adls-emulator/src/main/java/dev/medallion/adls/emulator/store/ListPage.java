package dev.medallion.adls.emulator.store;

import java.util.List;

/** One page of a listing and the continuation token for the next one ({@code null} on the last page). */
public record ListPage(List<PathStatus> paths, String continuation) {
}
