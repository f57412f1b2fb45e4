package dev.medallion.delta.sink.schema;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaMergerTest {
    private static final FieldMetadata MAPPED = FieldMetadata.builder()
            .putString("delta.columnMapping.physicalName", "col-1").putLong("delta.columnMapping.id", 1L).build();
    private static final StructType TABLE = new StructType()
            .add("id", LongType.LONG, true, MAPPED)
            .add("geo", new StructType().add("lat", DoubleType.DOUBLE), true)
            .add("tags", new ArrayType(StringType.STRING, true), true);

    @Test
    void sameOrNarrowerSchemaChangesNothing() {
        StructType record = new StructType().add("id", IntegerType.INTEGER).add("tags", new ArrayType(StringType.STRING, true));
        assertThat(SchemaMerger.merge(TABLE, record, true)).isSameAs(TABLE);
    }

    @Test
    void newTopLevelAndNestedFieldsAreAppendedAsNullableKeepingMetadata() {
        StructType record = new StructType()
                .add("id", LongType.LONG)
                .add("geo", new StructType().add("lat", DoubleType.DOUBLE).add("lon", DoubleType.DOUBLE))
                .add("region", StringType.STRING, false);
        StructType merged = SchemaMerger.merge(TABLE, record, true);
        assertThat(merged.fieldNames()).containsExactly("id", "geo", "tags", "region");
        assertThat(merged.get("region").isNullable()).isTrue();
        assertThat(((StructType) merged.get("geo").getDataType()).fieldNames()).containsExactly("lat", "lon");
        assertThat(merged.get("id").getMetadata()).isEqualTo(MAPPED);
    }

    @Test
    void incompatibleTypesAndDisabledEvolutionAreRejectedWithThePath() {
        assertThatThrownBy(() -> SchemaMerger.merge(TABLE, new StructType().add("id", StringType.STRING), true))
                .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("field id is string").hasMessageContaining("long");
        assertThatThrownBy(() -> SchemaMerger.merge(TABLE,
                new StructType().add("geo", new StructType().add("lat", StringType.STRING)), true))
                .hasMessageContaining("geo.lat");
        assertThatThrownBy(() -> SchemaMerger.merge(TABLE, new StructType().add("extra", LongType.LONG), false))
                .hasMessageContaining("schema.evolution=false");
        assertThatThrownBy(() -> SchemaMerger.merge(TABLE, new StructType().add("ID", LongType.LONG), true))
                .hasMessageContaining("differs only in case");
    }
}
