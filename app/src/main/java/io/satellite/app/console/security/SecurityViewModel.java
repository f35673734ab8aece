package io.satellite.app.console.security;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.query.ResultReader;
import io.satellite.app.console.query.ResultTable;
import io.satellite.app.console.session.ConsoleSession;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Security without its nodes: logins, role memberships and GRANT/DENY rows, and the changes a
 * DBA makes to them, each through the engine's own procedure with bound arguments (checked,
 * audited and refused there for non-administrators).
 */
public final class SecurityViewModel {
    /** What the view shows: logins (administrators only), role memberships, permissions. */
    public record Reading(ResultTable logins, ResultTable roles, ResultTable permissions) {
    }

    private final BackgroundExecutor executor;
    private final ConsoleSession session;
    private final ReadOnlyObjectWrapper<Reading> reading = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private Connection connection;

    public SecurityViewModel(BackgroundExecutor executor, ConsoleSession session) {
        this.executor = executor;
        this.session = session;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = session.openConnection();
        }
        return connection;
    }

    public void refresh() {
        executor.execute(this::read, reading::set, t -> error.set("Cannot read security: " + t.getMessage()));
    }

    private Reading read() throws SQLException {
        ResultReader r = new ResultReader(5000);
        boolean admin;
        try (PreparedStatement s = connection().prepareStatement("VALUES SQLML.IS_ADMIN()");
             ResultSet rs = s.executeQuery()) {
            admin = rs.next() && rs.getInt(1) == 1;
        }
        ResultTable logins = admin ? table(r, "SELECT USERNAME AS LOGIN_NAME, LASTMODIFIED AS PASSWORD_CHANGED"
                + " FROM SYS.SYSUSERS ORDER BY USERNAME")
                : new ResultTable(List.of("LOGIN_NAME"), List.of(false), List.of(List.of(session.user())), false);
        ResultTable roles = table(r, "SELECT ROLEID AS ROLE_NAME, GRANTEE AS MEMBER, GRANTOR FROM SYS.SYSROLES"
                + " WHERE ISDEF = 'N' ORDER BY ROLEID, GRANTEE");
        ResultTable permissions = table(r, "SELECT PRINCIPAL, PERMISSION_NAME, STATE_DESC, GRANTOR, CHANGED_AT"
                + " FROM SQLML.PERMISSIONS ORDER BY PRINCIPAL, PERMISSION_NAME");
        return new Reading(logins, roles, permissions);
    }

    private ResultTable table(ResultReader r, String sql) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            return r.read(rs);
        }
    }

    public void createLogin(String name, String password) {
        call("CREATE LOGIN " + name, "CALL SQLML.CREATE_USER(?, ?)", name, password);
    }

    public void dropLogin(String name) {
        call("DROP LOGIN " + name, "CALL SQLML.DROP_USER(?)", name);
    }

    public void addRoleMember(String role, String member) {
        call("ALTER ROLE " + role + " ADD MEMBER " + member, "CALL SQLML.ADD_ROLE_MEMBER(?, ?)", role, member);
    }

    public void createRole(String role) {
        call("CREATE ROLE " + role, "CALL SQLML.CREATE_ROLE(?)", role);
    }

    /** {@code verb} is GRANT, DENY or REVOKE. */
    public void permission(String verb, String permission, String principal) {
        String proc = switch (verb) {
            case "GRANT" -> "GRANT_PERMISSION";
            case "DENY" -> "DENY_PERMISSION";
            case "REVOKE" -> "REVOKE_PERMISSION";
            default -> throw new IllegalArgumentException("GRANT, DENY or REVOKE, not " + verb);
        };
        call(verb + " " + permission + (verb.equals("REVOKE") ? " FROM " : " TO ") + principal,
                "CALL SQLML." + proc + "(?, ?)", permission, principal);
    }

    private void call(String what, String sql, String... args) {
        for (String a : args) {
            if (a == null || a.isBlank()) {
                error.set("Fill in every field for: " + what.replace(" null", " …"));
                return;
            }
        }
        error.set("");
        executor.execute(() -> {
            try (CallableStatement c = connection().prepareCall(sql)) {
                for (int i = 0; i < args.length; i++) {
                    c.setString(i + 1, args[i].strip());
                }
                c.execute();
            }
            return read();
        }, r -> {
            reading.set(r);
            message.set("Done: " + what);
        }, t -> error.set(t instanceof SQLException e && e.getSQLState() != null
                ? "Error " + e.getSQLState() + ": " + e.getMessage() : String.valueOf(t.getMessage())));
    }

    public ReadOnlyObjectProperty<Reading> readingProperty() {
        return reading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
