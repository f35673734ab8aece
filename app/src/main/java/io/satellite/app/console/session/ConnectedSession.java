package io.satellite.app.console.session;

import io.satellite.engine.sql.SqlSession;
import java.util.List;

/**
 * An open SQL session of one feature and what its window says about it: who is connected, to
 * what, and notices for the DBA (such as where a newly generated admin password was written).
 */
public record ConnectedSession(SqlSession sql, String user, String location, List<String> notices) {
    public ConnectedSession {
        notices = List.copyOf(notices);
    }

    /** A new connection of {@code session}, as a T-SQL batch session. Slow: off the UI thread. */
    public static ConnectedSession of(ConsoleSession session) throws java.sql.SQLException {
        return new ConnectedSession(new SqlSession(session.openConnection()), session.user(),
                session.target().display(), session.notices());
    }
}
