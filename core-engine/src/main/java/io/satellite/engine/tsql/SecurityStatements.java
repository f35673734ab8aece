package io.satellite.engine.tsql;

import java.util.List;

/**
 * SQL Server's security statements as bound calls of the SQLML security procedures:
 * <pre>
 * CREATE LOGIN name WITH PASSWORD = 'pw' [, option = value ...]   (also CREATE USER name WITH PASSWORD = 'pw')
 * CREATE USER name { FOR | FROM } LOGIN name | WITHOUT LOGIN     (the login is the user: checks it exists)
 * ALTER LOGIN name WITH PASSWORD = 'pw' [OLD_PASSWORD = 'old']   (also ALTER USER)
 * DROP LOGIN name | DROP USER name
 * CREATE ROLE name [AUTHORIZATION owner] | DROP ROLE name
 * ALTER [SERVER] ROLE role { ADD | DROP } MEMBER name             (sysadmin, db_owner -> SQLML_ADMIN)
 * GRANT | DENY EXECUTE ANY EXTERNAL SCRIPT TO principal
 * REVOKE EXECUTE ANY EXTERNAL SCRIPT { FROM | TO } principal
 * </pre>
 * Names and passwords travel as bound values, never inside SQL text.
 */
public final class SecurityStatements {
    private static final String PERMISSION = "EXECUTE ANY EXTERNAL SCRIPT";

    private SecurityStatements() {
    }

    /** True for the statements this class translates (tokens of one statement). */
    public static boolean handles(List<Token> tokens) {
        if (tokens.size() < 2) {
            return false;
        }
        Token verb = tokens.get(0);
        Token what = tokens.get(1);
        if (verb.isWord("GRANT") || verb.isWord("DENY") || verb.isWord("REVOKE")) {
            return tokens.size() > 4 && what.isWord("EXECUTE") && tokens.get(2).isWord("ANY")
                    && tokens.get(3).isWord("EXTERNAL") && tokens.get(4).isWord("SCRIPT");
        }
        boolean principal = what.isWord("LOGIN") || what.isWord("USER") || what.isWord("ROLE");
        boolean serverRole = verb.isWord("ALTER") && what.isWord("SERVER");
        return (verb.isWord("CREATE") || verb.isWord("ALTER") || verb.isWord("DROP")) && principal || serverRole;
    }

    public static Translation translate(List<Token> tokens) {
        TokenCursor c = new TokenCursor(tokens);
        String verb = c.next().upper();
        if (verb.equals("GRANT") || verb.equals("DENY") || verb.equals("REVOKE")) {
            return permission(verb, c);
        }
        if (c.acceptWord("SERVER")) {
            c.expectWord("ROLE");
            return member(c);
        }
        String kind = c.next().upper();
        if (kind.equals("ROLE")) {
            return role(verb, c);
        }
        String name = name(c, "a user name");
        return switch (verb) {
            case "CREATE" -> createUser(kind, name, c);
            case "ALTER" -> call("CHANGE_PASSWORD", c, name, password(c, true));
            default -> call("DROP_USER", c, name);
        };
    }

    private static Translation createUser(String kind, String name, TokenCursor c) {
        if (kind.equals("USER") && !c.atEnd() && !c.peek().isWord("WITH")) {
            if (c.acceptWord("WITHOUT")) {
                Token t = c.next();
                throw new SqlSyntaxException("CREATE USER ... WITHOUT LOGIN is not supported: every Satellite user"
                        + " signs in; create one with CREATE LOGIN " + name + " WITH PASSWORD = '...'", t.position());
            }
            Token t = c.next();
            if (!t.isWord("FOR") && !t.isWord("FROM")) {
                throw new SqlSyntaxException("expected FOR LOGIN, FROM LOGIN or WITH PASSWORD but found '"
                        + t.text() + "'", t.position());
            }
            c.expectWord("LOGIN");
            String login = name(c, "a login name");
            return call("REQUIRE_USER", c, login);
        }
        return call("CREATE_USER", c, name, password(c, false));
    }

    private static Translation role(String verb, TokenCursor c) {
        if (verb.equals("ALTER")) {
            return member(c);
        }
        String name = name(c, "a role name");
        if (verb.equals("CREATE") && c.acceptWord("AUTHORIZATION")) {
            name(c, "an owner name"); // roles are owned by the database owner in Satellite
        }
        return call(verb + "_ROLE", c, name);
    }

    /** {@code role { ADD | DROP } MEMBER name}, after ALTER [SERVER] ROLE. */
    private static Translation member(TokenCursor c) {
        String role = name(c, "a role name");
        Token action = c.next();
        if (!action.isWord("ADD") && !action.isWord("DROP")) {
            throw new SqlSyntaxException("expected ADD MEMBER or DROP MEMBER but found '" + action.text() + "'",
                    action.position());
        }
        c.expectWord("MEMBER");
        return call(action.upper() + "_ROLE_MEMBER", c, role, name(c, "a member name"));
    }

    private static Translation permission(String verb, TokenCursor c) {
        for (String word : PERMISSION.split(" ")) {
            c.expectWord(word);
        }
        Token to = c.next();
        if (!to.isWord("TO") && !(verb.equals("REVOKE") && to.isWord("FROM"))) {
            throw new SqlSyntaxException("expected " + (verb.equals("REVOKE") ? "FROM" : "TO") + " but found '"
                    + to.text() + "'", to.position());
        }
        String principal = name(c, "a user or role name");
        if (!c.atEnd() && c.peek().isSymbol(",")) {
            throw new SqlSyntaxException(verb + " " + PERMISSION + " takes one principal per statement",
                    c.peek().position());
        }
        return call(verb + "_PERMISSION", c, PERMISSION, principal);
    }

    /** {@code WITH PASSWORD = 'pw'}, ignoring SQL Server's other login options. */
    private static String password(TokenCursor c, boolean alter) {
        c.expectWord("WITH");
        c.expectWord("PASSWORD");
        c.expectSymbol("=");
        Token pw = c.next();
        if (pw.kind() != Token.Kind.STRING) {
            throw new SqlSyntaxException("the password must be a string literal", pw.position());
        }
        while (c.acceptSymbol(",") || (!c.atEnd() && c.peek().kind() == Token.Kind.WORD)) {
            Token option = c.next();
            if (!option.isWord("OLD_PASSWORD") && !option.isWord("CHECK_POLICY") && !option.isWord("CHECK_EXPIRATION")
                    && !option.isWord("DEFAULT_DATABASE") && !option.isWord("DEFAULT_SCHEMA")
                    && !option.isWord("MUST_CHANGE")) {
                throw new SqlSyntaxException("'" + option.text() + "' is not a supported "
                        + (alter ? "ALTER" : "CREATE") + " LOGIN option", option.position());
            }
            if (c.acceptSymbol("=")) {
                c.next();
            }
        }
        return pw.text();
    }

    /**
     * A principal's name: a plain name goes as written (the procedure upper-cases it, as
     * Derby does); a bracketed or quoted name that is not plain keeps its case, quoted.
     */
    private static String name(TokenCursor c, String what) {
        Token t = c.next();
        if (t.kind() != Token.Kind.WORD) {
            throw new SqlSyntaxException("expected " + what + " but found '" + t.text() + "'", t.position());
        }
        String text = t.text();
        if (text.matches("[A-Za-z][A-Za-z0-9_]*") || text.matches("(?i)rpkgs-(users|private|shared)")) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static Translation call(String procedure, TokenCursor c, Object... args) {
        if (!c.atEnd()) {
            Token t = c.peek();
            throw new SqlSyntaxException("unexpected '" + t.text() + "'", t.position());
        }
        String marks = String.join(", ", java.util.Collections.nCopies(args.length, "?"));
        return new Translation("CALL SQLML." + procedure + "(" + marks + ")", List.of(args), true);
    }
}
