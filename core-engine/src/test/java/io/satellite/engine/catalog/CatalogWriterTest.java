package io.satellite.engine.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogWriterTest {
    @TempDir
    Path dir;

    @Test
    void aCallerWritesItsOwnRowOnceTheBacklogIsFull() throws Exception {
        String url = "jdbc:derby:" + dir.resolve("db") + ";create=true";
        try (Connection setup = DriverManager.getConnection(url); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE ROWS_WRITTEN (N INT, THREAD_NAME VARCHAR(100))");
        }
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        try (CatalogWriter writer = new CatalogWriter("test", () -> DriverManager.getConnection(url))) {
            writer.submit("the blocking write", c -> {
                writerHeld.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(writerHeld.await(10, TimeUnit.SECONDS), "the writer thread took the first write");
            for (int i = 0; i <= CatalogWriter.MAX_QUEUED; i++) {
                int n = i;
                writer.submit("row " + n, c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO ROWS_WRITTEN VALUES (" + n + ", '" + Thread.currentThread().getName() + "')");
                    }
                    threads.add(Thread.currentThread().getName());
                });
            }
            assertEquals(List.of(Thread.currentThread().getName()), threads,
                    "with " + CatalogWriter.MAX_QUEUED + " writes queued, the next one is written by its caller, at once");
            release.countDown();
            writer.flush();
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT N) FROM ROWS_WRITTEN")) {
            rs.next();
            assertEquals(CatalogWriter.MAX_QUEUED + 1, rs.getInt(1), "every row is written, the queued ones too");
            assertEquals(CatalogWriter.MAX_QUEUED + 1, rs.getInt(2));
        }
    }
}
