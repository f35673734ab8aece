package io.satellite.engine.script;

/** A column of a result set as returned to the caller: its name and SQL type. */
public record ResultColumn(String name, SqlType type) {
}
