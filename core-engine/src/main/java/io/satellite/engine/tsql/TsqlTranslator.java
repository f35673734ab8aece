package io.satellite.engine.tsql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Accepts the T-SQL forms SQL Server users already have and turns them into Satellite's
 * SQL: {@code EXEC sp_execute_external_script ...}, {@code EXEC sp_configure ...},
 * {@code RECONFIGURE}, resource pool DDL ({@link ResourcePoolStatements}), and users, roles
 * and permissions ({@link SecurityStatements}, sp_addrolemember), external libraries
 * ({@link ExternalLibraryStatements}). Values are passed as bound parameters, never spliced into SQL.
 * Any other statement is returned unchanged.
 */
public final class TsqlTranslator {
    private TsqlTranslator() {
    }

    public static Translation translate(String statement) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(statement);
        } catch (SqlSyntaxException e) {
            return Translation.unchanged(statement);
        }
        if (tokens.isEmpty()) {
            return Translation.unchanged(statement);
        }
        Token first = tokens.get(0);
        if (ResourcePoolStatements.handles(tokens)) {
            return ResourcePoolStatements.translate(tokens);
        }
        if (SecurityStatements.handles(tokens)) {
            return SecurityStatements.translate(tokens);
        }
        if (ExternalLibraryStatements.handles(tokens)) {
            return ExternalLibraryStatements.translate(tokens);
        }
        if (first.isWord("RECONFIGURE")) {
            if (tokens.size() > 1 && !(tokens.size() == 3 && tokens.get(1).isWord("WITH")
                    && tokens.get(2).isWord("OVERRIDE"))) {
                throw new SqlSyntaxException("RECONFIGURE takes no arguments other than WITH OVERRIDE");
            }
            return new Translation("CALL SQLML.RECONFIGURE()", List.of(), true);
        }
        TokenCursor c = new TokenCursor(tokens);
        if (first.isWord("EXEC") || first.isWord("EXECUTE")) {
            c.next(); // T-SQL also accepts a procedure call without EXEC as a batch's first statement
        }
        if (c.atEnd() || c.peek().kind() != Token.Kind.WORD) {
            return Translation.unchanged(statement);
        }
        String procedure = procedureName(c);
        return switch (procedure) {
            case "SP_EXECUTE_EXTERNAL_SCRIPT" -> ExternalScriptCall.translate(statement, c);
            case "SP_CONFIGURE" -> configure(c);
            case "SP_ADDROLEMEMBER" -> roleMember("ADD", c);
            case "SP_DROPROLEMEMBER" -> roleMember("DROP", c);
            default -> Translation.unchanged(statement);
        };
    }

    /** Reads {@code [sys.|dbo.|master.sys.]name} and returns NAME in upper case. */
    private static String procedureName(TokenCursor c) {
        String name = c.next().text();
        while (c.acceptSymbol(".")) {
            name = c.next().text();
        }
        return name.toUpperCase(Locale.ROOT);
    }

    /** {@code sp_addrolemember 'role', 'member'} (and sp_droprolemember). */
    private static Translation roleMember(String action, TokenCursor c) {
        List<Object> args = new ArrayList<>();
        while (!c.atEnd()) {
            Token t = c.next();
            if (t.kind() == Token.Kind.VARIABLE) {
                c.expectSymbol("=");
                t = c.next();
            }
            if (t.kind() != Token.Kind.STRING && t.kind() != Token.Kind.WORD) {
                throw new SqlSyntaxException("expected a role or member name but found '" + t.text() + "'",
                        t.position());
            }
            args.add(t.text());
            if (!c.atEnd()) {
                c.expectSymbol(",");
            }
        }
        if (args.size() != 2) {
            throw new SqlSyntaxException("sp_" + action.toLowerCase(Locale.ROOT) + "rolemember takes a role and a member");
        }
        return new Translation("CALL SQLML." + action + "_ROLE_MEMBER(?, ?)", args, true);
    }

    private static Translation configure(TokenCursor c) {
        List<Token> args = new ArrayList<>();
        while (!c.atEnd()) {
            Token t = c.next();
            if (t.kind() == Token.Kind.VARIABLE) {
                c.expectSymbol("=");
                t = c.next();
            }
            if (t.isSymbol("-")) {
                t = new Token(Token.Kind.NUMBER, "-" + c.next().text(), t.position());
            }
            args.add(t);
            if (!c.atEnd()) {
                c.expectSymbol(",");
            }
        }
        String listing = "SELECT NAME, MINIMUM, MAXIMUM, VALUE AS CONFIG_VALUE, VALUE_IN_USE AS RUN_VALUE"
                + " FROM SQLML.CONFIGURATION";
        if (args.isEmpty()) {
            return new Translation(listing + " ORDER BY NAME", List.of(), true);
        }
        String name = args.get(0).text();
        if (args.size() == 1) {
            return new Translation(listing + " WHERE NAME = ?", List.of(name.toLowerCase(Locale.ROOT)), true);
        }
        if (args.size() > 2) {
            throw new SqlSyntaxException("sp_configure takes an option name and a value");
        }
        Token value = args.get(1);
        try {
            return new Translation("CALL SQLML.SP_CONFIGURE(?, ?)",
                    Arrays.asList(name, Integer.parseInt(value.text())), true);
        } catch (NumberFormatException e) {
            throw new SqlSyntaxException("sp_configure value must be a number, not '" + value.text() + "'",
                    value.position());
        }
    }
}
