package io.satellite.engine.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/**
 * Python jobs through {@code SQLML.SP_EXECUTE_EXTERNAL_SCRIPT} as a JDBC client calls it, on a
 * real engine: the output data set, the OUTPUT parameter row and the printed messages.
 */
final class PythonCalls {
    static final String CALL = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?,?,?,?,?,?,?)";

    private PythonCalls() {
    }

    /** An engine with external scripts enabled, which must have the Python runtime registered. */
    static Engine startEngine(Path dataDir) throws Exception {
        return requirePython(TestEngines.startEnabled(dataDir));
    }

    /** The engine, if it has the Python runtime registered; else closes it and fails clearly. */
    static Engine requirePython(Engine engine) {
        if (!engine.launchpad().languages().contains("Python")) {
            String registered = String.join(", ", engine.launchpad().languages());
            engine.close();
            fail("Python runtime not registered in Engine.start (registered: " + registered
                    + "); add ExternalRuntime.python(...) to its runtimes list");
        }
        return engine;
    }

    /** One result set, read completely; BLOBs as byte[]. */
    record Table(List<String> names, List<String> types, List<List<Object>> rows) {
        Object value(int row, int column) {
            return rows.get(row).get(column);
        }
    }

    /** What one call returned. */
    record Outcome(Table output, Map<String, Object> outputParameters, List<String> messages) {
    }

    static Outcome python(Connection c, String script, String inputQuery, String params, String resultSets)
            throws SQLException {
        return call(c, "Python", script, inputQuery, params, resultSets);
    }

    static Outcome call(Connection c, String language, String script, String inputQuery, String params,
                        String resultSets) throws SQLException {
        try (CallableStatement cs = c.prepareCall(CALL)) {
            cs.setString(1, language);
            cs.setString(2, script);
            cs.setString(3, inputQuery);
            cs.setString(4, null);
            cs.setString(5, null);
            cs.setString(6, params);
            cs.setString(7, resultSets);
            boolean has = cs.execute();
            List<String> messages = new ArrayList<>();
            for (SQLWarning w = cs.getWarnings(); w != null; w = w.getNextWarning()) {
                if ("01S01".equals(w.getSQLState())) {
                    messages.add(w.getMessage());
                }
            }
            Table output = null;
            Map<String, Object> parameters = new LinkedHashMap<>();
            for (; has; has = cs.getMoreResults()) {
                try (ResultSet rs = cs.getResultSet()) {
                    Table t = read(rs);
                    // the OUTPUT parameter row is the result set whose columns are @names
                    if (!t.names().isEmpty() && t.names().stream().allMatch(n -> n.startsWith("@"))) {
                        assertEquals(1, t.rows().size(), "rows of the OUTPUT parameter result set");
                        for (int i = 0; i < t.names().size(); i++) {
                            parameters.put(t.names().get(i), t.value(0, i));
                        }
                    } else {
                        output = t;
                    }
                }
            }
            return new Outcome(output, parameters, messages);
        }
    }

    static Table read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnName(i));
            String type = md.getColumnTypeName(i);
            types.add(md.getColumnType(i) == java.sql.Types.VARCHAR ? type + "(" + md.getPrecision(i) + ")" : type);
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.add(v instanceof Blob b ? b.getBytes(1, (int) b.length()) : v);
            }
            rows.add(row);
        }
        return new Table(List.copyOf(names), List.copyOf(types), rows);
    }

    /** Runs {@code call}, which must fail with {@code state}; returns the failure. */
    static SQLException fails(String state, Executable call) {
        SQLException e = assertThrows(SQLException.class, call);
        assertEquals(state, e.getSQLState(), () -> "SQLState of: " + e.getMessage());
        return e;
    }
}
