package io.satellite.engine.tsql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SQL Server's external library DDL as bound calls of the package procedures:
 * <pre>
 * CREATE EXTERNAL LIBRARY name [AUTHORIZATION dbo] FROM (CONTENT = 'path' [, PLATFORM = LINUX]) WITH (LANGUAGE = 'R')
 * ALTER EXTERNAL LIBRARY name [AUTHORIZATION dbo] SET (CONTENT = 'path' [, PLATFORM = LINUX]) WITH (LANGUAGE = 'R')
 * DROP EXTERNAL LIBRARY name [AUTHORIZATION dbo]
 * </pre>
 * The content is the path of an R source tarball on the server (binary literals are not
 * taken). Without AUTHORIZATION, a library is shared when an administrator creates it and
 * private to its creator otherwise; {@code AUTHORIZATION dbo} makes it shared.
 */
public final class ExternalLibraryStatements {
    private ExternalLibraryStatements() {
    }

    public static boolean handles(List<Token> tokens) {
        if (tokens.size() < 3) {
            return false;
        }
        Token verb = tokens.get(0);
        return (verb.isWord("CREATE") || verb.isWord("ALTER") || verb.isWord("DROP"))
                && tokens.get(1).isWord("EXTERNAL") && tokens.get(2).isWord("LIBRARY");
    }

    public static Translation translate(List<Token> tokens) {
        TokenCursor c = new TokenCursor(tokens);
        String verb = c.next().upper();
        c.expectWord("EXTERNAL");
        c.expectWord("LIBRARY");
        String name = word(c, "an external library name");
        String scope = null;
        if (c.acceptWord("AUTHORIZATION")) {
            Token owner = c.next();
            if (!owner.isWord("dbo")) {
                throw new SqlSyntaxException("AUTHORIZATION may only name dbo (the shared library); without it, a"
                        + " library is private to its creator, or shared when an administrator creates it",
                        owner.position());
            }
            scope = "SHARED";
        }
        if (verb.equals("DROP")) {
            end(c);
            return new Translation("CALL SQLML.DROP_EXTERNAL_LIBRARY(?, ?)", Arrays.asList(name, scope), true);
        }
        Token from = c.next();
        if (!(verb.equals("CREATE") ? from.isWord("FROM") : from.isWord("SET"))) {
            throw new SqlSyntaxException("expected " + (verb.equals("CREATE") ? "FROM" : "SET") + " (CONTENT = 'path')"
                    + " but found '" + from.text() + "'", from.position());
        }
        String content = null;
        c.expectSymbol("(");
        while (!c.acceptSymbol(")")) {
            Token option = c.next();
            c.expectSymbol("=");
            Token value = c.next();
            if (option.isWord("CONTENT")) {
                if (value.kind() != Token.Kind.STRING) {
                    throw new SqlSyntaxException("CONTENT must be the path of an R source tarball on the server, as a"
                            + " string; binary content (0x...) is not taken", value.position());
                }
                content = value.text();
            } else if (!option.isWord("PLATFORM")) {
                throw new SqlSyntaxException("'" + option.text() + "' is not an external library content option;"
                        + " use CONTENT (and PLATFORM)", option.position());
            }
            c.acceptSymbol(",");
        }
        if (content == null) {
            throw new SqlSyntaxException("CONTENT = 'path' is required");
        }
        String language = null;
        if (c.acceptWord("WITH")) {
            c.expectSymbol("(");
            c.expectWord("LANGUAGE");
            c.expectSymbol("=");
            Token l = c.next();
            language = l.text();
            c.expectSymbol(")");
        }
        end(c);
        List<Object> args = new ArrayList<>(Arrays.asList(name, content, language, scope));
        return new Translation("CALL SQLML.CREATE_EXTERNAL_LIBRARY(?, ?, ?, ?)", args, true);
    }

    private static String word(TokenCursor c, String what) {
        Token t = c.next();
        if (t.kind() != Token.Kind.WORD) {
            throw new SqlSyntaxException("expected " + what + " but found '" + t.text() + "'", t.position());
        }
        return t.text();
    }

    private static void end(TokenCursor c) {
        if (!c.atEnd()) {
            Token t = c.peek();
            throw new SqlSyntaxException("unexpected '" + t.text() + "'", t.position());
        }
    }
}
