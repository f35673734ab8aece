package io.satellite.app.console;

import io.satellite.engine.sql.SqlSession;
import java.util.List;

/**
 * An open session and what the window says about it: who is connected, to what, and notices
 * for the DBA (such as where a newly generated admin password was written).
 */
public record ConnectedSession(SqlSession sql, String user, String location, List<String> notices) {
    public ConnectedSession {
        notices = List.copyOf(notices);
    }
}
