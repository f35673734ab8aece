package io.satellite.engine.script;

import io.satellite.engine.exchange.WireType;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import io.satellite.engine.tsql.TokenCursor;
import java.sql.Types;
import java.util.Locale;

/**
 * A SQL column or parameter type as Satellite declares it to Derby, parsed from either
 * Derby or T-SQL spelling ({@code int}, {@code nvarchar(max)}, {@code varbinary(max)},
 * {@code bit}, {@code datetime2}, {@code decimal(10,2)} ...), with the wire type its
 * values travel as.
 */
public record SqlType(String declaration, int jdbcType, WireType wire, int scale) {
    public static final int MAX_VARCHAR = 32672;

    public static final SqlType INTEGER = new SqlType("INTEGER", Types.INTEGER, WireType.INT, 0);
    public static final SqlType DOUBLE = new SqlType("DOUBLE", Types.DOUBLE, WireType.DOUBLE, 0);
    public static final SqlType VARCHAR = varchar(MAX_VARCHAR);
    public static final SqlType BOOLEAN = new SqlType("BOOLEAN", Types.BOOLEAN, WireType.LOGICAL, 0);
    public static final SqlType DATE = new SqlType("DATE", Types.DATE, WireType.DATE, 0);
    public static final SqlType TIMESTAMP = new SqlType("TIMESTAMP", Types.TIMESTAMP, WireType.TIMESTAMP, 0);
    public static final SqlType BLOB = new SqlType("BLOB(2G)", Types.BLOB, WireType.BINARY, 0);

    static SqlType varchar(int n) {
        return new SqlType("VARCHAR(" + n + ")", Types.VARCHAR, WireType.STRING, 0);
    }

    /** The type an R vector gets when no result set shape was declared. */
    public static SqlType defaultFor(WireType wire) {
        return switch (wire) {
            case INT -> INTEGER;
            case DOUBLE -> DOUBLE;
            case STRING -> VARCHAR;
            case LOGICAL -> BOOLEAN;
            case DATE -> DATE;
            case TIMESTAMP -> TIMESTAMP;
            case BINARY -> BLOB;
        };
    }

    public static SqlType parse(String text) {
        TokenCursor c = new TokenCursor(io.satellite.engine.tsql.SqlLexer.tokenize(text));
        SqlType t = parse(c);
        if (!c.atEnd()) {
            throw new SqlSyntaxException("unexpected '" + c.peek().text() + "' after type " + t.declaration());
        }
        return t;
    }

    /** Parses a type name at the cursor (the name and its optional length/precision). */
    public static SqlType parse(TokenCursor c) {
        Token nameToken = c.next();
        if (nameToken.kind() != Token.Kind.WORD) {
            throw new SqlSyntaxException("expected a type name but found '" + nameToken.text() + "'",
                    nameToken.position());
        }
        String name = nameToken.upper();
        if (name.equals("DOUBLE")) {
            c.acceptWord("PRECISION");
        }
        if ((name.equals("CHAR") || name.equals("CHARACTER")) && c.acceptWord("VARYING")) {
            name = "VARCHAR";
        }
        Integer size = null;
        Integer scale = null;
        boolean max = false;
        if (c.acceptSymbol("(")) {
            Token t = c.next();
            if (t.isWord("MAX")) {
                max = true;
            } else {
                size = sizeOf(t);
                if (c.acceptWord("K") || c.acceptWord("M") || c.acceptWord("G")) {
                    size = Integer.MAX_VALUE; // Derby's BLOB(2G), CLOB(64K)
                }
                if (c.acceptSymbol(",")) {
                    scale = sizeOf(c.next());
                }
            }
            c.expectSymbol(")");
        }
        boolean forBitData = false;
        if (c.acceptWord("FOR")) {
            c.expectWord("BIT");
            c.expectWord("DATA");
            forBitData = true;
        }
        return resolve(name, size, scale, max, forBitData, nameToken);
    }

    private static int sizeOf(Token t) {
        if (t.kind() != Token.Kind.NUMBER || !t.text().matches("\\d{1,10}") || Long.parseLong(t.text()) > Integer.MAX_VALUE) {
            throw new SqlSyntaxException("expected a length (a whole number up to " + Integer.MAX_VALUE
                    + ") but found '" + t.text() + "'", t.position());
        }
        return Integer.parseInt(t.text());
    }

    private static SqlType resolve(String name, Integer size, Integer scale, boolean max, boolean bits, Token at) {
        switch (name) {
            case "INT", "INTEGER" -> { return INTEGER; }
            case "SMALLINT", "TINYINT" -> { return new SqlType("SMALLINT", Types.SMALLINT, WireType.INT, 0); }
            case "BIGINT" -> { return new SqlType("BIGINT", Types.BIGINT, WireType.DOUBLE, 0); }
            case "FLOAT", "DOUBLE" -> { return DOUBLE; }
            case "REAL" -> { return new SqlType("REAL", Types.REAL, WireType.DOUBLE, 0); }
            case "DECIMAL", "NUMERIC", "DEC" -> {
                int p = size == null ? 18 : size;
                int s = scale == null ? 0 : scale;
                if (p < 1 || p > 31 || s > p) {
                    throw new SqlSyntaxException("DECIMAL(" + p + "," + s + ") is out of range (precision 1 to 31)");
                }
                return new SqlType("DECIMAL(" + p + "," + s + ")", Types.DECIMAL, WireType.DOUBLE, s);
            }
            case "MONEY" -> { return new SqlType("DECIMAL(19,4)", Types.DECIMAL, WireType.DOUBLE, 4); }
            case "BIT", "BOOLEAN" -> { return BOOLEAN; }
            case "DATE" -> { return DATE; }
            case "DATETIME", "DATETIME2", "SMALLDATETIME", "TIMESTAMP" -> { return TIMESTAMP; }
            case "UNIQUEIDENTIFIER" -> { return new SqlType("CHAR(36)", Types.CHAR, WireType.STRING, 0); }
            case "CHAR", "NCHAR", "CHARACTER" -> {
                if (bits) {
                    return new SqlType("CHAR(" + length(size, 254) + ") FOR BIT DATA", Types.BINARY, WireType.BINARY, 0);
                }
                return new SqlType("CHAR(" + length(size, 254) + ")", Types.CHAR, WireType.STRING, 0);
            }
            case "VARCHAR", "NVARCHAR" -> {
                int n = max ? MAX_VARCHAR : length(size == null ? 1 : size, MAX_VARCHAR);
                if (bits) {
                    return new SqlType("VARCHAR(" + n + ") FOR BIT DATA", Types.VARBINARY, WireType.BINARY, 0);
                }
                return varchar(n);
            }
            case "TEXT", "NTEXT", "CLOB", "SYSNAME" -> { return VARCHAR; }
            case "BINARY", "VARBINARY" -> {
                if (max || size == null) {
                    return BLOB;
                }
                return new SqlType("VARCHAR(" + length(size, MAX_VARCHAR) + ") FOR BIT DATA",
                        Types.VARBINARY, WireType.BINARY, 0);
            }
            case "BLOB", "IMAGE" -> { return BLOB; }
            default -> throw new SqlSyntaxException("unknown or unsupported type '" + name.toLowerCase(Locale.ROOT) + "'",
                    at.position());
        }
    }

    private static int length(Integer size, int limit) {
        int n = size == null ? 1 : size;
        if (n < 1 || n > limit) {
            throw new SqlSyntaxException("length " + n + " is out of range (1 to " + limit + ")");
        }
        return n;
    }
}
