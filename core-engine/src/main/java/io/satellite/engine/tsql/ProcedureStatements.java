package io.satellite.engine.tsql;

import java.util.List;

/** Parses {@code CREATE [OR ALTER] PROCEDURE} and {@code DROP PROCEDURE [IF EXISTS]}. */
final class ProcedureStatements {
    private ProcedureStatements() {
    }

    static BatchStatement.CreateProcedure create(StatementSource s) {
        TokenCursor c = new TokenCursor(s.tokens());
        boolean orAlter = c.next().isKeyword("ALTER");
        if (c.acceptWord("OR")) {
            c.expectWord("ALTER");
            orAlter = true;
        }
        c.next(); // PROC or PROCEDURE
        ProcedureName name = name(c);
        int paramsFrom = index(c);
        List<ProcedureParameter> parameters = ProcedureParameter.parseList(c);
        int paramsTo = index(c);
        if (c.acceptWord("WITH")) {
            Token option = c.atEnd() ? null : c.peek();
            throw new SqlSyntaxException("procedure options (WITH " + (option == null ? "" : option.text())
                    + ") are not supported", option == null ? s.first().position() : option.position());
        }
        if (c.atEnd() || !c.peek().isKeyword("AS")) {
            Token t = c.atEnd() ? s.tokens().get(s.tokens().size() - 1) : c.peek();
            throw new SqlSyntaxException("expected AS before the body of procedure " + name + " but found '"
                    + t.text() + "'", t.position());
        }
        Token as = c.next();
        if (c.atEnd()) {
            throw new SqlSyntaxException("procedure " + name + " has no body", as.position());
        }
        // The body is checked now, as SQL Server does, so that a stored procedure always parses.
        String body = s.script().substring(c.peek().position(), s.end());
        BatchScript.of(body).batches().forEach(BatchScript.Batch::statements);
        String declared = s.text(paramsFrom, paramsTo);
        return new BatchStatement.CreateProcedure(s, name, parameters, declared, body, orAlter);
    }

    static BatchStatement.DropProcedure drop(StatementSource s) {
        TokenCursor c = new TokenCursor(s.tokens());
        c.next();
        c.next();
        boolean ifExists = c.acceptWord("IF");
        if (ifExists) {
            c.expectWord("EXISTS");
        }
        ProcedureName name = name(c);
        if (c.acceptSymbol(",")) {
            throw new SqlSyntaxException("drop one procedure per statement", c.peek().position());
        }
        BatchParser.expectEnd(c);
        return new BatchStatement.DropProcedure(s, name, ifExists);
    }

    private static ProcedureName name(TokenCursor c) {
        Token first = c.next();
        if (first.kind() != Token.Kind.WORD) {
            throw new SqlSyntaxException("expected a procedure name but found '" + first.text() + "'",
                    first.position());
        }
        if (c.acceptSymbol(".")) {
            Token second = c.next();
            if (c.acceptSymbol(".")) {
                throw new SqlSyntaxException("three-part procedure names are not supported", second.position());
            }
            return ProcedureName.of(first, second);
        }
        return ProcedureName.of(null, first);
    }

    private static int index(TokenCursor c) {
        return c.position();
    }
}
