package io.satellite.engine.exchange;

/**
 * A block of rows stored column by column. Values are Java objects: Integer, Double,
 * String, Boolean, LocalDate, LocalDateTime or byte[]; null is SQL NULL / R NA.
 */
public record Chunk(int rows, Object[][] columns) {
    public Object value(int column, int row) {
        return columns[column][row];
    }
}
