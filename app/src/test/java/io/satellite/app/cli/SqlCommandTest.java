package io.satellite.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code satellite sql} against a real engine on disk, running real R. */
class SqlCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int sql(String... args) throws Exception {
        out.reset();
        err.reset();
        String[] full = new String[args.length + 2];
        full[0] = "--data";
        full[1] = dir.resolve("data").toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return new SqlCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(full);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void firstBootThenTutorialBatchPrintsTableMessagesAndCsv() throws Exception {
        assertEquals(0, sql("--user", "admin", "VALUES 1"));
        Path pwFile = dir.resolve("data/admin-password");
        assertTrue(Files.exists(pwFile));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(pwFile)));
        assertTrue(err().contains("admin-password"), err());

        int status = sql("--user", "admin", """
                EXEC sp_configure 'external scripts enabled', 1;
                RECONFIGURE;
                CREATE TABLE scores (student VARCHAR(20), score INT);
                INSERT INTO scores VALUES ('ana', 90), ('bo', 70), ('cy', NULL);
                EXEC sp_execute_external_script @language = N'R',
                  @script = N'cat("students:", nrow(InputDataSet), "\\n")
                              OutputDataSet <- InputDataSet[!is.na(InputDataSet$score), ]',
                  @input_data_1 = N'SELECT student, score FROM scores ORDER BY student'
                WITH RESULT SETS ((student VARCHAR(20), score INT));""");
        assertEquals(0, status, err());
        assertEquals("student | score\n--------+------\nana     | 90\nbo      | 70\n", out());
        assertTrue(err().contains("students: 3"), err());
        assertTrue(err().contains("3 rows affected"), err());
        assertTrue(err().contains("(2 rows)"), err());

        assertEquals(0, sql("--user", "admin", "--csv", "SELECT student, score FROM scores ORDER BY student"));
        assertEquals("STUDENT,SCORE\nana,90\nbo,70\ncy,\n", out());
    }

    @Test
    void errorsGiveNonZeroExitAndNameTheStatement() throws Exception {
        int status = sql("--user", "admin", "VALUES 1; SELECT * FROM no_such_table");
        assertEquals(1, status);
        assertTrue(err().contains(" in statement 2: "), err());
        assertEquals(1, sql("--user", "admin", "--password", "wrong", "VALUES 1"));
        assertTrue(err().contains("08004"), err());
        assertThrows(UsageException.class, () -> sql("VALUES 1"));
    }

    @Test
    void statementsFromAFile() throws Exception {
        Path f = dir.resolve("batch.sql");
        Files.writeString(f, "CREATE TABLE t (x INT);\nINSERT INTO t VALUES (41);\nGO\nSELECT x + 1 AS answer FROM t\n");
        assertEquals(0, sql("--user", "admin", "-f", f.toString()));
        assertEquals("answer\n------\n42\n", out().replace("ANSWER", "answer"));
    }
}
