package dev.medallion.sql.avro;

import org.apache.avro.Schema;
import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.List;

/**
 * Derives the Avro reader schema for a table row from the writer's schema: the table's fields in the table's order,
 * with the writer's names and types. Avro's schema resolution then drops the writer's extra fields and fills fields
 * the writer lacks with null, so flink-avro's positional RowData converters see exactly the table's columns, whatever
 * field order or record names the producer (e.g. Connect's converter) used.
 */
final class ReaderSchemas {
    private ReaderSchemas() {
    }

    static Schema project(Schema writer, LogicalType type) {
        switch (writer.getType()) {
            case UNION: {
                List<Schema> branches = new ArrayList<>();
                for (Schema branch : writer.getTypes()) {
                    branches.add(branch.getType() == Schema.Type.NULL ? branch : project(branch, type));
                }
                return Schema.createUnion(branches);
            }
            case RECORD:
                return type instanceof RowType row ? projectRecord(writer, row) : writer;
            case ARRAY:
                return type instanceof ArrayType array
                        ? Schema.createArray(project(writer.getElementType(), array.getElementType())) : writer;
            case MAP:
                return type instanceof MapType map
                        ? Schema.createMap(project(writer.getValueType(), map.getValueType())) : writer;
            default:
                return writer;
        }
    }

    private static Schema projectRecord(Schema writer, RowType row) {
        List<Schema.Field> fields = new ArrayList<>();
        for (RowType.RowField column : row.getFields()) {
            Schema.Field written = writer.getField(column.getName());
            if (written != null) {
                fields.add(new Schema.Field(written, project(written.schema(), column.getType())));
            } else {
                // Not written by this producer (an older schema version): read as null.
                Schema nullable = AvroSchemaConverter.convertToSchema(column.getType().copy(true),
                        writer.getName() + "_" + column.getName(), false);
                fields.add(new Schema.Field(column.getName(), nullable, null, Schema.Field.NULL_DEFAULT_VALUE));
            }
        }
        Schema projected = Schema.createRecord(writer.getName(), writer.getDoc(), writer.getNamespace(), false);
        projected.setFields(fields);
        return projected;
    }
}
