package io.satellite.engine.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request journal: an entry per request in hand, whole at every step, gone once recorded. */
class RequestJournalTest {
    @TempDir
    Path data;

    @Test
    void anEntryFollowsItsRequestAndGoesOnceItsHistoryRowIsCommitted() throws Exception {
        RequestJournal journal = new RequestJournal(data);
        ExternalRequests requests = new ExternalRequests(41);
        requests.addListener(journal);
        String script = "cat('line one\\n')\n# é ü 😀 = : \\ #!\nOutputDataSet <- InputDataSet";
        ExternalRequest r = requests.open("BOB", "R", "default", script, "SELECT 1 FROM T WHERE A = 'x=y'");
        Path entry = RequestJournal.directory(data).resolve("42.request");
        JournalEntry queued = JournalEntry.read(entry);
        assertEquals(42, queued.id());
        assertEquals(RequestState.QUEUED, queued.state());
        assertEquals(script, queued.script(), "the script survives the file unchanged");
        assertEquals("SELECT 1 FROM T WHERE A = 'x=y'", queued.inputQuery());
        assertEquals(List.of(), queued.pids());
        assertNull(queued.startedAt());

        r.addInput(3, 120);
        requests.finish(r, RequestState.FAILED, "Error in R script: boom");
        JournalEntry finished = JournalEntry.read(entry);
        assertEquals(RequestState.FAILED, finished.state());
        assertEquals("Error in R script: boom", finished.error());
        assertEquals(3, finished.rowsIn());
        assertEquals(120, finished.bytesIn());
        assertTrue(finished.endedAt() != null);

        journal.recorded(42);
        assertFalse(Files.exists(entry));
        try (var left = Files.list(RequestJournal.directory(data))) {
            assertEquals(0, left.count(), "no temporary file is left either");
        }
        requests.shutdown();
    }

    @Test
    void aDamagedEntryIsAClearError() throws Exception {
        Path bad = Files.writeString(Files.createDirectories(RequestJournal.directory(data)).resolve("7.request"),
                "id=7\nuser=BOB\n");
        IOException e = assertThrows(IOException.class, () -> JournalEntry.read(bad));
        assertTrue(e.getMessage().contains("not a request journal entry") && e.getMessage().contains("7.request"),
                e.getMessage());
    }
}
