package io.satellite.engine.tsql;

import java.util.Locale;

/**
 * A stored procedure's name: {@code [schema.]name}. SQL Server's {@code dbo} means the
 * caller's default schema here, as every Derby user has a schema of their own.
 */
public record ProcedureName(String schema, String name) {
    /** Names as Derby folds them: upper case unless they were quoted. */
    public static ProcedureName of(Token schema, Token name) {
        String s = schema == null || schema.isKeyword("dbo") ? null : fold(schema);
        return new ProcedureName(s, fold(name));
    }

    private static String fold(Token t) {
        return t.quoted() ? t.text() : t.text().toUpperCase(Locale.ROOT);
    }

    public ProcedureName inSchema(String defaultSchema) {
        return schema == null ? new ProcedureName(defaultSchema, name) : this;
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
