package io.satellite.engine.tsql;

import io.satellite.engine.script.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses one statement of a batch into a {@link BatchStatement}. T-SQL control flow and other
 * constructs Satellite does not run are refused here, naming the construct, before anything runs.
 */
public final class BatchParser {
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("IF", "IF ... ELSE is not supported; for IF EXISTS ... DROP write DROP TABLE IF EXISTS name"),
            Map.entry("WHILE", "WHILE loops are not supported"),
            Map.entry("GOTO", "GOTO is not supported"),
            Map.entry("RETURN", "RETURN is not supported"),
            Map.entry("BREAK", "BREAK is not supported"),
            Map.entry("CONTINUE", "CONTINUE is not supported"),
            Map.entry("WAITFOR", "WAITFOR is not supported"),
            Map.entry("RAISERROR", "RAISERROR is not supported"),
            Map.entry("THROW", "THROW is not supported"),
            Map.entry("BEGIN", "BEGIN TRY/CATCH and BEGIN TRANSACTION are not supported; each statement commits"
                    + " on its own"),
            Map.entry("SAVE", "SAVE TRANSACTION is not supported"),
            Map.entry("OPEN", "cursors are not supported"),
            Map.entry("FETCH", "cursors are not supported"),
            Map.entry("CLOSE", "cursors are not supported"),
            Map.entry("DEALLOCATE", "cursors are not supported"));

    private BatchParser() {
    }

    public static BatchStatement parse(StatementSource s) {
        List<Token> tokens = s.tokens();
        Token first = s.first();
        rejectTempTables(tokens);
        if (first.kind() == Token.Kind.WORD && !first.quoted() && UNSUPPORTED.containsKey(first.upper())) {
            throw new SqlSyntaxException(UNSUPPORTED.get(first.upper()), first.position());
        }
        if (first.isKeyword("DECLARE") && tokens.size() > 1 && tokens.get(1).kind() == Token.Kind.VARIABLE) {
            return declare(s);
        }
        if (first.isKeyword("SET")) {
            return set(s);
        }
        if (first.isKeyword("SELECT") && tokens.size() > 2 && tokens.get(1).kind() == Token.Kind.VARIABLE
                && tokens.get(2).isSymbol("=")) {
            return selectAssign(s);
        }
        if (first.isKeyword("PRINT")) {
            return new BatchStatement.Print(s, expression(tokens, 1, "PRINT"));
        }
        if (first.isKeyword("USE")) {
            return new BatchStatement.Ignored(s, "USE is ignored: a Satellite engine has one database");
        }
        if (first.isKeyword("EXEC") || first.isKeyword("EXECUTE")) {
            return exec(s, 0);
        }
        if (first.isKeyword("INSERT")) {
            int e = indexOfTopLevel(tokens, "EXEC", "EXECUTE");
            if (e > 0) {
                return insertExec(s, e);
            }
        }
        if (StatementBoundaries.isCreateProcedure(tokens, 0)) {
            return ProcedureStatements.create(s);
        }
        if (first.isKeyword("DROP") && tokens.size() > 1
                && (tokens.get(1).isKeyword("PROCEDURE") || tokens.get(1).isKeyword("PROC"))) {
            return ProcedureStatements.drop(s);
        }
        if (first.isKeyword("DROP") && tokens.size() > 3 && tokens.get(2).isKeyword("IF")
                && tokens.get(3).isKeyword("EXISTS")) {
            return new BatchStatement.DropIfExists(s, tokens.get(1).upper(), tokens.subList(4, tokens.size()));
        }
        if (first.isKeyword("DECLARE") && tokens.size() > 2 && tokens.get(2).isKeyword("CURSOR")) {
            throw new SqlSyntaxException("cursors are not supported", first.position());
        }
        return new BatchStatement.Sql(s);
    }

    private static void rejectTempTables(List<Token> tokens) {
        for (Token t : tokens) {
            if (t.kind() == Token.Kind.WORD && !t.quoted() && t.text().startsWith("#")) {
                throw new SqlSyntaxException("temporary tables such as " + t.text() + " are not supported; use a"
                        + " table and drop it afterwards", t.position());
            }
        }
    }

    private static BatchStatement declare(StatementSource s) {
        TokenCursor c = new TokenCursor(s.tokens());
        c.next();
        List<BatchStatement.Declaration> vars = new ArrayList<>();
        do {
            Token name = c.next();
            if (name.kind() != Token.Kind.VARIABLE || name.text().startsWith("@@")) {
                throw new SqlSyntaxException("expected a variable name like @v but found '" + name.text() + "'",
                        name.position());
            }
            c.acceptWord("AS");
            if (!c.atEnd() && (c.peek().isKeyword("TABLE") || c.peek().isKeyword("CURSOR"))) {
                throw new SqlSyntaxException((c.peek().isKeyword("TABLE") ? "table variables" : "cursors")
                        + " are not supported", c.peek().position());
            }
            SqlType type = SqlType.parse(c);
            List<Token> initial = List.of();
            if (c.acceptSymbol("=")) {
                initial = untilTopLevelComma(c);
                if (initial.isEmpty()) {
                    throw new SqlSyntaxException("expected a value after '=' for " + name.text(), name.position());
                }
            }
            vars.add(new BatchStatement.Declaration(name, type, initial));
        } while (c.acceptSymbol(","));
        expectEnd(c);
        return new BatchStatement.Declare(s, vars);
    }

    private static BatchStatement set(StatementSource s) {
        List<Token> tokens = s.tokens();
        Token target = tokens.size() > 1 ? tokens.get(1) : s.first();
        if (target.kind() == Token.Kind.VARIABLE) {
            if (tokens.size() < 3 || !tokens.get(2).isSymbol("=")) {
                throw new SqlSyntaxException("expected SET " + target.text() + " = value", target.position());
            }
            return new BatchStatement.SetVariable(s, target, expression(tokens, 3, "SET " + target.text() + " ="));
        }
        if (target.kind() == Token.Kind.WORD && (target.upper().equals("NOCOUNT") || target.upper().startsWith("ANSI_")
                || target.upper().equals("QUOTED_IDENTIFIER") || target.upper().equals("XACT_ABORT"))) {
            return new BatchStatement.Ignored(s, null);
        }
        return new BatchStatement.Sql(s); // Derby's SET SCHEMA, SET ISOLATION, ...
    }

    private static BatchStatement selectAssign(StatementSource s) {
        TokenCursor c = new TokenCursor(s.tokens());
        c.next();
        List<BatchStatement.Assignment> assignments = new ArrayList<>();
        do {
            Token v = c.next();
            if (v.kind() != Token.Kind.VARIABLE || c.atEnd() || !c.peek().isSymbol("=")) {
                throw new SqlSyntaxException("a SELECT that assigns variables assigns every column: expected"
                        + " @variable = expression but found '" + v.text() + "'", v.position());
            }
            c.next();
            List<Token> e = new ArrayList<>();
            int depth = 0;
            while (!c.atEnd() && !(depth == 0 && (c.peek().isSymbol(",") || c.peek().isKeyword("FROM")))) {
                Token t = c.next();
                depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
                e.add(t);
            }
            if (e.isEmpty()) {
                throw new SqlSyntaxException("expected an expression for " + v.text(), v.position());
            }
            assignments.add(new BatchStatement.Assignment(v, e));
        } while (c.acceptSymbol(","));
        List<Token> from = new ArrayList<>();
        while (!c.atEnd()) {
            from.add(c.next());
        }
        return new BatchStatement.SelectAssign(s, assignments, from);
    }

    private static BatchStatement.Exec exec(StatementSource s, int at) {
        List<Token> tokens = s.tokens();
        Token verb = tokens.get(at);
        if (at + 1 >= tokens.size()) {
            throw new SqlSyntaxException("EXEC needs a procedure name", verb.position());
        }
        int i = at + 1;
        Token next = tokens.get(i);
        if (next.isSymbol("(")) {
            throw new SqlSyntaxException("dynamic SQL (EXEC ('...')) is not supported", next.position());
        }
        if (next.isKeyword("AS")) {
            throw new SqlSyntaxException("EXECUTE AS is not supported", next.position());
        }
        if (next.kind() == Token.Kind.VARIABLE) {
            throw new SqlSyntaxException("EXEC @return_status = ... is not supported", next.position());
        }
        List<Token> parts = new ArrayList<>();
        parts.add(tokens.get(i++));
        while (i + 1 < tokens.size() && tokens.get(i).isSymbol(".")) {
            parts.add(tokens.get(i + 1));
            i += 2;
        }
        Token name = parts.get(parts.size() - 1);
        Token schema = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
        String procedure = (schema == null ? "" : schema.text() + ".") + name.text();
        ProcedureName qualified = parts.size() > 2 ? new ProcedureName("?", "?") : ProcedureName.of(schema, name);
        return new BatchStatement.Exec(s, procedure, qualified, name, List.copyOf(tokens.subList(i, tokens.size())));
    }

    private static BatchStatement insertExec(StatementSource s, int execAt) {
        List<Token> tokens = s.tokens();
        TokenCursor c = new TokenCursor(tokens.subList(1, execAt));
        c.acceptWord("INTO");
        List<Token> table = new ArrayList<>();
        while (!c.atEnd() && !c.peek().isSymbol("(")) {
            table.add(c.next());
        }
        if (table.isEmpty()) {
            throw new SqlSyntaxException("INSERT ... EXEC needs a table name", s.first().position());
        }
        List<String> columns = new ArrayList<>();
        if (c.acceptSymbol("(")) {
            do {
                Token col = c.next();
                if (col.kind() != Token.Kind.WORD) {
                    throw new SqlSyntaxException("expected a column name but found '" + col.text() + "'",
                            col.position());
                }
                columns.add(col.quoted() ? "\"" + col.text().replace("\"", "\"\"") + "\"" : col.text());
            } while (c.acceptSymbol(","));
            c.expectSymbol(")");
        }
        expectEnd(c);
        return new BatchStatement.InsertExec(s, table, columns, exec(s, execAt));
    }

    /** The tokens from {@code from} to the end, which must not be empty. */
    private static List<Token> expression(List<Token> tokens, int from, String after) {
        if (from >= tokens.size()) {
            Token last = tokens.get(tokens.size() - 1);
            throw new SqlSyntaxException("expected an expression after " + after, last.end());
        }
        return List.copyOf(tokens.subList(from, tokens.size()));
    }

    private static List<Token> untilTopLevelComma(TokenCursor c) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        while (!c.atEnd() && !(depth == 0 && c.peek().isSymbol(","))) {
            Token t = c.next();
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            out.add(t);
        }
        return out;
    }

    static int indexOfTopLevel(List<Token> tokens, String... words) {
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            if (depth == 0) {
                for (String w : words) {
                    if (t.isKeyword(w)) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    static void expectEnd(TokenCursor c) {
        if (!c.atEnd()) {
            throw new SqlSyntaxException("unexpected '" + c.peek().text() + "'", c.peek().position());
        }
    }
}
