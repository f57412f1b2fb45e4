package dev.medallion.smt.header;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code mappings}: header {@code header} becomes top-level value field {@code field} of type
 * {@code type}. Written {@code <header>:<field>:<type>}; split at the last two colons, so a header name may contain
 * dots and colons, a field name neither. Knows nothing about Connect's config classes, so the rules are tested alone.
 */
public record HeaderMapping(String header, String field, FieldType type) {

    /**
     * Parses every entry, or fails with the first mistake, worded for the person who wrote it.
     *
     * @throws IllegalArgumentException naming the entry and what to change
     */
    public static List<HeaderMapping> parseAll(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("give at least one mapping '<header>:<field>:<type>', e.g."
                    + " 'eventhubs.offset:eventhubs_offset:string'");
        }
        List<HeaderMapping> mappings = new ArrayList<>(entries.size());
        Map<String, String> fields = new HashMap<>();
        for (String entry : entries) {
            HeaderMapping m = parse(entry);
            String earlier = fields.putIfAbsent(m.field(), entry.trim());
            if (earlier != null) {
                throw new IllegalArgumentException("field '" + m.field() + "' is written by two mappings ('" + earlier
                        + "' and '" + entry.trim() + "'); give each field one mapping");
            }
            mappings.add(m);
        }
        return List.copyOf(mappings);
    }

    /** @throws IllegalArgumentException naming the entry and what to change */
    public static HeaderMapping parse(String entry) {
        String e = entry == null ? "" : entry.trim();
        int typeColon = e.lastIndexOf(':');
        int fieldColon = typeColon <= 0 ? -1 : e.lastIndexOf(':', typeColon - 1);
        if (fieldColon < 0) {
            throw new IllegalArgumentException("'" + e + "' is not '<header>:<field>:<type>' (e.g."
                    + " 'eventhubs.offset:eventhubs_offset:string')");
        }
        String header = e.substring(0, fieldColon).trim();
        String field = e.substring(fieldColon + 1, typeColon).trim();
        String typeLabel = e.substring(typeColon + 1).trim();
        if (header.isEmpty() || field.isEmpty() || typeLabel.isEmpty()) {
            throw new IllegalArgumentException("'" + e + "' has an empty " + (header.isEmpty() ? "header name"
                    : field.isEmpty() ? "field name" : "type") + "; write '<header>:<field>:<type>'");
        }
        if (field.contains(".") || field.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("'" + e + "': field '" + field + "' must be a top-level field name"
                    + " without dots, blanks or control characters, e.g. 'eventhubs_offset'");
        }
        if (header.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("'" + e + "': the header name contains control characters");
        }
        FieldType type = FieldType.of(typeLabel);
        if (type == null) {
            throw new IllegalArgumentException("'" + e + "': unknown type '" + typeLabel + "'; use one of "
                    + FieldType.labels());
        }
        return new HeaderMapping(header, field, type);
    }

    @Override
    public String toString() {
        return header + ":" + field + ":" + type.label();
    }
}
