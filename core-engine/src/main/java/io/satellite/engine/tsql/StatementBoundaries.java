package io.satellite.engine.tsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds where the statements of one batch begin and end, as SQL Server does: at a
 * semicolon, or where a keyword that can only begin a new statement appears outside
 * parentheses ({@code DECLARE @m ...} on the line after an {@code EXEC ...} needs no
 * semicolon). {@code BEGIN ... END} blocks only group statements and are dropped;
 * {@code CREATE PROCEDURE} takes the rest of the batch as its body.
 */
public final class StatementBoundaries {
    private static final Set<String> ALWAYS = Set.of("DECLARE", "PRINT", "CREATE", "DROP", "TRUNCATE", "CALL",
            "IF", "WHILE", "RETURN", "USE", "RECONFIGURE", "GOTO", "RAISERROR", "THROW", "MERGE", "LOCK", "RENAME",
            "COMMIT", "ROLLBACK", "SAVE", "FETCH", "OPEN", "CLOSE", "DEALLOCATE", "BREAK", "CONTINUE", "WAITFOR");
    private static final Set<String> NOT_AFTER = Set.of("ON", "FOR", "OF", "AFTER", "BEFORE", "INSTEAD", ",",
            "THEN", "GRANT", "REVOKE", "DENY", "UNION", "ALL", "EXCEPT", "INTERSECT", "WITH", "TABLE", "PROCEDURE",
            "PROC", "VIEW", "FUNCTION", "INDEX", "SCHEMA", "TRIGGER", "DISTINCT", "AS", "GOVERNOR");
    private static final Set<String> BLOCK_WORDS = Set.of("TRAN", "TRANSACTION", "TRY", "CATCH", "DISTRIBUTED");

    private StatementBoundaries() {
    }

    public static List<List<Token>> split(List<Token> tokens) {
        List<List<Token>> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.isSymbol(";") || isBlockBegin(tokens, i) || t.isKeyword("END")) {
                i++;
                continue;
            }
            int end = isCreateProcedure(tokens, i) ? tokens.size() : endOf(tokens, i);
            List<Token> statement = new ArrayList<>(tokens.subList(i, end));
            while (!statement.isEmpty() && statement.get(statement.size() - 1).isSymbol(";")) {
                statement.remove(statement.size() - 1);
            }
            out.add(statement);
            i = end;
        }
        return out;
    }

    static boolean isCreateProcedure(List<Token> tokens, int i) {
        if (!tokens.get(i).isKeyword("CREATE") && !tokens.get(i).isKeyword("ALTER")) {
            return false;
        }
        int k = i + 1;
        if (k + 1 < tokens.size() && tokens.get(k).isKeyword("OR") && tokens.get(k + 1).isKeyword("ALTER")) {
            k += 2;
        }
        return k < tokens.size() && (tokens.get(k).isKeyword("PROCEDURE") || tokens.get(k).isKeyword("PROC"));
    }

    private static boolean isBlockBegin(List<Token> tokens, int i) {
        if (!tokens.get(i).isKeyword("BEGIN")) {
            return false;
        }
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        return next == null || next.kind() != Token.Kind.WORD || !BLOCK_WORDS.contains(next.upper());
    }

    /** Index just past the statement that begins at {@code start}. */
    private static int endOf(List<Token> tokens, int start) {
        String first = tokens.get(start).upper();
        if (first.equals("CREATE") && start + 1 < tokens.size() && tokens.get(start + 1).isKeyword("TRIGGER")) {
            return endAtSemicolon(tokens, start); // a Derby trigger's action is a statement of its own
        }
        int depth = 0;
        int cases = 0;
        boolean sawBody = false; // INSERT's VALUES/SELECT/EXEC, UPDATE's SET, GRANT's TO
        for (int j = start + 1; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && t.isSymbol(";")) {
                return j;
            } else if (depth == 0 && t.kind() == Token.Kind.WORD && !t.quoted() && !tokens.get(j - 1).isSymbol(".")) {
                String w = t.upper();  // (after "." a word is part of a name: t.end, SQLML.RECONFIGURE)
                if (w.equals("CASE")) {
                    cases++;
                } else if (w.equals("END")) {
                    if (cases == 0) {
                        return j;
                    }
                    cases--;
                } else if (w.equals("BEGIN") && isBlockBegin(tokens, j)) {
                    return j;
                } else if (startsStatement(first, tokens, j, sawBody)) {
                    return j;
                } else if (isBody(first, w)) {
                    sawBody = true;
                }
            }
        }
        return tokens.size();
    }

    private static int endAtSemicolon(List<Token> tokens, int start) {
        for (int j = start; j < tokens.size(); j++) {
            if (tokens.get(j).isSymbol(";")) {
                return j;
            }
        }
        return tokens.size();
    }

    private static boolean isBody(String first, String word) {
        return switch (first) {
            case "INSERT" -> word.equals("VALUES") || word.equals("SELECT") || word.equals("EXEC")
                    || word.equals("EXECUTE");
            case "UPDATE" -> word.equals("SET");
            case "GRANT", "REVOKE", "DENY" -> word.equals("TO") || word.equals("FROM");
            default -> false;
        };
    }

    private static boolean startsStatement(String first, List<Token> tokens, int j, boolean sawBody) {
        String w = tokens.get(j).upper();
        Token prev = tokens.get(j - 1);
        String before = prev.kind() == Token.Kind.WORD || prev.kind() == Token.Kind.SYMBOL ? prev.upper() : "";
        boolean free = !NOT_AFTER.contains(before);
        if ((first.equals("GRANT") || first.equals("REVOKE") || first.equals("DENY")) && !sawBody) {
            return false;
        }
        return switch (w) {
            case "SELECT", "EXEC", "EXECUTE" -> free && !(first.equals("INSERT") && !sawBody);
            case "VALUES" -> free && !first.equals("INSERT");
            case "SET" -> free && !before.equals("DELETE") && !before.equals("UPDATE")
                    && !(first.equals("UPDATE") && !sawBody) && !first.equals("ALTER");
            case "INSERT", "UPDATE", "DELETE" -> free;
            case "ALTER" -> free && !first.equals("ALTER");
            case "DROP" -> free && !first.equals("ALTER");
            case "GRANT", "REVOKE", "DENY" -> free;
            default -> ALWAYS.contains(w) && free && !(w.equals("IF") && first.equals("DROP"));
        };
    }
}
