package io.satellite.engine.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL Server ML Services pattern: train in one call and return the pickled model as a
 * VARBINARY(MAX) OUTPUT parameter, then pass it to a second call to score new rows.
 */
class PythonModelTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = PythonCalls.startEngine(dir.resolve("data"));
        conn = engine.connectAsAdmin();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE OBS (X DOUBLE, Y DOUBLE)");
            // y = 2x + 1, exactly
            s.execute("INSERT INTO OBS VALUES (0, 1), (1, 3), (2, 5), (3, 7), (4, 9)");
            s.execute("CREATE TABLE NEWX (ID INT, X DOUBLE)");
            s.execute("INSERT INTO NEWX VALUES (1, 10), (2, -0.5), (3, NULL)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aPickledModelTrainedInOneCallScoresInTheNext() throws Exception {
        String train = String.join("\n",
                "import numpy as np, pickle",
                "model = pickle.dumps(np.poly1d(np.polyfit(InputDataSet['x'], InputDataSet['y'], 1)))",
                "print('trained', len(model), 'bytes')");
        PythonCalls.Outcome trained = PythonCalls.python(conn, train, "SELECT x, y FROM OBS",
                "@model VARBINARY(MAX) OUTPUT", null);
        assertNull(trained.output(), "the training call sets no OutputDataSet");
        byte[] model = assertInstanceOf(byte[].class, trained.outputParameters().get("@model"));
        assertEquals(List.of("trained " + model.length + " bytes"), trained.messages());

        String score = String.join("\n",
                "import pickle",
                "predict = pickle.loads(model)",
                "OutputDataSet = InputDataSet.assign(prediction=predict(InputDataSet['x']))[['id', 'prediction']]");
        String params = "@model VARBINARY(MAX) = 0x" + HexFormat.of().formatHex(model);
        PythonCalls.Table t = PythonCalls.python(conn, score, "SELECT id, x FROM NEWX ORDER BY id", params,
                "((id INT, prediction DOUBLE))").output();
        assertEquals(3, t.rows().size());
        assertEquals(1, t.value(0, 0));
        assertEquals(21.0, (Double) t.value(0, 1), 1e-9);
        assertEquals(0.0, (Double) t.value(1, 1), 1e-9);
        assertNull(t.value(2, 1), "a NULL x scores as NULL (NaN)");
    }
}
