package dev.medallion.quickstart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level columns of a Spark SQL DDL column list (what {@code connect-configs/schemas/*.ddl} hold): name ->
 * type as written, without the COMMENT. Just enough of the grammar to check the shipped files against the spec
 * ({@code --} comments, quoted COMMENT strings, nested {@code STRUCT<...>} / {@code ARRAY<...>} types); the sink
 * parses them for real.
 */
final class DdlColumns {
    private DdlColumns() {
    }

    static Map<String, String> parse(String ddl) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < ddl.length(); i++) {
            char c = ddl.charAt(i);
            if (!quoted && c == '-' && i + 1 < ddl.length() && ddl.charAt(i + 1) == '-') {
                while (i < ddl.length() && ddl.charAt(i) != '\n') {
                    i++;
                }
                current.append(' ');
                continue;
            }
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '(')) {
                depth++;
            } else if (!quoted && (c == '>' || c == ')')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                entries.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        entries.add(current.toString());
        Map<String, String> columns = new LinkedHashMap<>();
        for (String entry : entries) {
            String column = entry.trim().replaceAll("\\s+", " ");
            if (column.isEmpty()) {
                throw new IllegalArgumentException("empty column entry (a trailing or double comma?) in " + ddl);
            }
            int space = column.indexOf(' ');
            String name = column.substring(0, space).replace("`", "");
            String type = column.substring(space + 1);
            int comment = type.indexOf(" COMMENT '");
            columns.put(name, (comment < 0 ? type : type.substring(0, comment)).trim());
        }
        return columns;
    }
}
