package io.satellite.app.console.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.TestEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins on a real embedded engine: good and bad passwords (audited), and an unreachable server. */
class LoginServiceTest {
    @TempDir
    static Path tmp;
    static TestEngine engine;

    @BeforeAll
    static void boot() {
        engine = new TestEngine(tmp);
    }

    @AfterAll
    static void shutdown() {
        engine.close();
    }

    @Test
    void theAdminLogsInAndGetsTheEngineMonitorAndRequests() throws Exception {
        try (ConsoleSession s = engine.logins().login(engine.target(), "admin", TestEngine.PASSWORD)) {
            assertEquals("ADMIN", s.user());
            assertFalse(s.remote());
            assertTrue(s.monitor().isPresent());
            assertTrue(s.requests().isPresent());
            try (Connection c = s.openConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("VALUES CURRENT_USER")) {
                rs.next();
                assertEquals("ADMIN", rs.getString(1));
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedInOneSentenceAndAudited() throws Exception {
        LoginService.LoginFailure f = assertThrows(LoginService.LoginFailure.class,
                () -> engine.logins().login(engine.target(), "admin", "wrong"));
        assertEquals("Login failed for user 'admin': wrong user name or password.", f.getMessage());
        try (ConsoleSession s = engine.logins().login(engine.target(), "admin", TestEngine.PASSWORD);
             Connection c = s.openConnection()) {
            List<String> rows = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (rows.isEmpty() && System.currentTimeMillis() < deadline) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT PRINCIPAL, OUTCOME FROM SQLML.AUDIT WHERE ACTION = 'LOGIN FAILED'")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
                Thread.sleep(100);
            }
            assertEquals(List.of("admin DENIED"), rows);
        }
    }

    @Test
    void aBlankUserIsRefusedBeforeAnyConnection() {
        LoginService.LoginFailure f = assertThrows(LoginService.LoginFailure.class,
                () -> engine.logins().login(engine.target(), " ", "x"));
        assertEquals("Enter a user name.", f.getMessage());
    }

    @Test
    void anUnreachableServerSaysHowToStartOne() {
        LoginService.LoginFailure f = assertThrows(LoginService.LoginFailure.class,
                () -> engine.logins().login(LoginTarget.remote("127.0.0.1", 1), "admin", "pw"));
        assertTrue(f.getMessage().startsWith("Cannot reach a Satellite server at 127.0.0.1:1 ("), f.getMessage());
        assertTrue(f.getMessage().endsWith("Start one there with ./satellite server."), f.getMessage());
    }
}
