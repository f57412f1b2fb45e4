package dev.medallion.sql.udf;

import dev.medallion.enrichment.TextAnalysis;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * {@code ENTITIES(text)}: the named entities of a text as {@code ARRAY<ROW<text STRING, category STRING, "offset" INT>>}
 * in order of appearance (categories as Azure names them: Person, Location, Organization, Email, URL, PhoneNumber,
 * DateTime, Quantity, Other), from the offline rule engine of {@code medallion-enrichment}. Null or blank text gives
 * null; a text without entities an empty array. Use {@code CROSS JOIN UNNEST(ENTITIES(text))} for one row per entity.
 */
public final class Entities extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    public @DataTypeHint("ARRAY<ROW<text STRING, category STRING, `offset` INT>>") Row[] eval(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<TextAnalysis.Entity> entities = OfflineText.entities().extract(text);
        Row[] rows = new Row[entities.size()];
        for (int i = 0; i < rows.length; i++) {
            TextAnalysis.Entity entity = entities.get(i);
            rows[i] = Row.of(entity.text(), entity.category(), entity.offset());
        }
        return rows;
    }
}
