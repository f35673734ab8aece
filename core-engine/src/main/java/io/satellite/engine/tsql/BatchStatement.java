package io.satellite.engine.tsql;

import io.satellite.engine.script.SqlType;
import java.util.List;

/**
 * One statement of a T-SQL batch, as the batch front end understood it. Every statement
 * keeps its tokens, whose positions are offsets in the whole script, so that errors can
 * name the line and column the user sees.
 */
public sealed interface BatchStatement {
    StatementSource source();

    /** {@code DECLARE @a int = 1, @b varbinary(max)}. */
    record Declare(StatementSource source, List<Declaration> variables) implements BatchStatement {
    }

    /** One variable of a DECLARE; {@code initial} is empty when it has no initial value. */
    record Declaration(Token name, SqlType type, List<Token> initial) {
    }

    /** {@code SET @v = expression}. */
    record SetVariable(StatementSource source, Token variable, List<Token> expression) implements BatchStatement {
    }

    /** {@code SELECT @a = expr, @b = expr [FROM ...]}: the last row's values are assigned. */
    record SelectAssign(StatementSource source, List<Assignment> assignments, List<Token> from)
            implements BatchStatement {
    }

    record Assignment(Token variable, List<Token> expression) {
    }

    /** {@code PRINT expression}. */
    record Print(StatementSource source, List<Token> expression) implements BatchStatement {
    }

    /** {@code EXEC name arguments}: {@code arguments} are the tokens after the name. */
    record Exec(StatementSource source, String procedure, ProcedureName qualified, Token name, List<Token> arguments)
            implements BatchStatement {
        public boolean isExternalScript() {
            return procedure.equalsIgnoreCase("sp_execute_external_script");
        }
    }

    /** {@code INSERT INTO table [(columns)] EXEC ...}. */
    record InsertExec(StatementSource source, List<Token> table, List<String> columns, Exec exec)
            implements BatchStatement {
    }

    /**
     * {@code CREATE PROCEDURE name @p type [= default] [OUTPUT], ... AS body}; {@code declared} is
     * the parameter list as written.
     */
    record CreateProcedure(StatementSource source, ProcedureName name, List<ProcedureParameter> parameters,
                           String declared, String body, boolean orAlter) implements BatchStatement {
    }

    /** {@code DROP PROCEDURE [IF EXISTS] name}. */
    record DropProcedure(StatementSource source, ProcedureName name, boolean ifExists) implements BatchStatement {
    }

    /** {@code DROP TABLE|VIEW|... IF EXISTS name}: Derby's DROP, and nothing if there is no such object. */
    record DropIfExists(StatementSource source, String kind, List<Token> name) implements BatchStatement {
    }

    /** A statement with nothing to do in Satellite ({@code SET NOCOUNT ON}, {@code USE db}). */
    record Ignored(StatementSource source, String message) implements BatchStatement {
    }

    /** Any other statement: Derby SQL (with T-SQL spellings rewritten and variables bound). */
    record Sql(StatementSource source) implements BatchStatement {
    }
}
