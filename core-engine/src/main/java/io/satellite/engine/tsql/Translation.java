package io.satellite.engine.tsql;

import java.util.List;

/** A statement ready for JDBC: SQL text and the values of its {@code ?} markers. */
public record Translation(String sql, List<Object> parameters, boolean translated) {
    public static Translation unchanged(String sql) {
        return new Translation(sql, List.of(), false);
    }

    public boolean isCall() {
        return sql.regionMatches(true, 0, "CALL", 0, 4);
    }
}
