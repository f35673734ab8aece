package io.satellite.engine.sql;

import io.satellite.engine.tsql.BatchScript;
import io.satellite.engine.tsql.BatchStatement;
import io.satellite.engine.tsql.ProcedureName;
import io.satellite.engine.tsql.ProcedureParameter;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Stored T-SQL procedures as the batch front end sees them: created and dropped through the
 * SQLML catalog procedures, found by name (no schema or {@code dbo} means the caller's current
 * schema), and run: the arguments become the body's variables, the body runs as a batch with
 * the caller's rights, and OUTPUT parameters go back to the caller's variables.
 */
final class StoredProcedures {
    /** A stored procedure's definition. */
    record Definition(ProcedureName name, List<ProcedureParameter> parameters, String body) {
    }

    private static final int MAX_NESTING = 32;
    private static final ThreadLocal<Integer> NESTING = ThreadLocal.withInitial(() -> 0);
    private final Connection connection;

    StoredProcedures(Connection connection) {
        this.connection = connection;
    }

    Optional<Definition> find(ProcedureName written) throws SQLException {
        ProcedureName name = written.inSchema(currentSchema());
        try (PreparedStatement ps = connection.prepareStatement("SELECT PARAMETERS, BODY FROM SQLML.PROCEDURES"
                + " WHERE SCHEMA_NAME = ? AND PROCEDURE_NAME = ?")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Definition(name, ProcedureParameter.parseList(rs.getString(1)),
                        rs.getString(2)));
            }
        }
    }

    void create(BatchStatement.CreateProcedure c) throws SQLException {
        ProcedureName name = c.name().inSchema(currentSchema());
        try (CallableStatement cs = connection.prepareCall("CALL SQLML.CREATE_PROCEDURE(?, ?, ?, ?, ?)")) {
            cs.setString(1, name.schema());
            cs.setString(2, name.name());
            cs.setString(3, c.declared());
            cs.setString(4, c.body());
            cs.setShort(5, (short) (c.orAlter() ? 1 : 0));
            cs.execute();
        }
    }

    void drop(ProcedureName written, boolean ifExists) throws SQLException {
        ProcedureName name = written.inSchema(currentSchema());
        try (CallableStatement cs = connection.prepareCall("CALL SQLML.DROP_PROCEDURE(?, ?, ?)")) {
            cs.setString(1, name.schema());
            cs.setString(2, name.name());
            cs.setShort(3, (short) (ifExists ? 1 : 0));
            cs.execute();
        }
    }

    /** Runs {@code p} for {@code EXEC name args} of a batch with {@code callerVariables}. */
    void run(Definition p, BatchStatement.Exec exec, BatchVariables callerVariables, BatchRunner caller)
            throws SQLException {
        List<ProcedureArguments.Argument> args = ProcedureArguments.parse(p, exec);
        Expressions values = new Expressions(connection, exec.source().script(), callerVariables);
        BatchVariables own = ProcedureArguments.bind(p, args, values, exec);
        int depth = NESTING.get();
        if (depth >= MAX_NESTING) {
            throw new SQLException("maximum stored procedure nesting level exceeded (limit " + MAX_NESTING + ")",
                    "54001");
        }
        NESTING.set(depth + 1);
        try {
            StatementListener listener = caller.listener() instanceof Results.Keeper keeper ? keeper
                    : new BodyListener(caller.listener());
            BatchRunner body = new BatchRunner(connection, listener);
            for (BatchScript.Batch batch : BatchScript.of(p.body()).batches()) {
                body.run(batch, own);
            }
        } catch (StatementFailure f) {
            throw new SQLException("in procedure " + p.name() + ", " + f.getMessage(), f.getSQLState(), f);
        } finally {
            NESTING.set(depth);
        }
        for (ProcedureArguments.Argument a : args) {
            if (a.output() && a.parameter() != null && a.parameter().output()) {
                callerVariables.set(a.value().get(0), own.value(variable(a.parameter().name())));
            }
        }
    }

    static Token variable(String name) {
        return new Token(Token.Kind.VARIABLE, name, -1);
    }

    private String currentSchema() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("VALUES CURRENT SCHEMA")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The caller's listener, without the body's statements announced as the caller's own. */
    private record BodyListener(StatementListener caller) implements StatementListener {
        @Override
        public void warning(java.sql.SQLWarning warning) {
            caller.warning(warning);
        }

        @Override
        public void resultSet(ResultSet rs) throws SQLException {
            caller.resultSet(rs);
        }

        @Override
        public void updateCount(long count) {
            caller.updateCount(count);
        }

        @Override
        public void print(String message) {
            caller.print(message);
        }
    }

    static SqlSyntaxException notSupplied(Definition p, ProcedureParameter param, BatchStatement.Exec exec) {
        return new SqlSyntaxException("procedure " + p.name() + " expects parameter " + param.name()
                + ", which was not supplied", exec.name().position());
    }
}
