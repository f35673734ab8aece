package io.satellite.app.console.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoginTargetTest {
    private static final Path HOME = Path.of("/var/lib/satellite");

    @Test
    void blankIsTheDefaultDataDirectory() {
        LoginTarget t = LoginTarget.parse("  ", HOME);
        assertFalse(t.remote());
        assertEquals(HOME, t.dataDirectory());
    }

    @Test
    void hostAndPortIsAServer() {
        LoginTarget t = LoginTarget.parse("db1.example.org:1527", HOME);
        assertTrue(t.remote());
        assertEquals("jdbc:derby://db1.example.org:1527/satellite", t.jdbcUrl());
        assertEquals("127.0.0.1:4000", LoginTarget.parse("127.0.0.1:4000", HOME).display());
    }

    @Test
    void aPathIsADataDirectory() {
        assertEquals(Path.of("/tmp/data"), LoginTarget.parse("/tmp/data", HOME).dataDirectory());
        assertEquals(Path.of("/tmp/a:1"), LoginTarget.parse("/tmp/a:1", HOME).dataDirectory());
        assertEquals(Path.of(System.getProperty("user.home"), "sat"), LoginTarget.parse("~/sat", HOME).dataDirectory());
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> LoginTarget.parse("localhost:99999", HOME));
        assertEquals("port 99999 is out of range (1 to 65535)", port.getMessage());
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> LoginTarget.parse("jdbc:derby://h:1527/satellite", HOME));
        assertTrue(url.getMessage().startsWith("give a data directory or host:port, not a URL"), url.getMessage());
    }
}
