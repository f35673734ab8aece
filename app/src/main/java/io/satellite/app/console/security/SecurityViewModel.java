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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Security without its nodes: the permission grid (logins, roles and PUBLIC against EXECUTE
 * ANY EXTERNAL SCRIPT and the package and administrator roles), each login's effective
 * permissions as the engine explains them, and the changes a DBA makes, each through the
 * engine's own procedure with bound arguments (checked, audited and refused there for
 * non-administrators). Every statement run is listed, as it ran.
 */
public final class SecurityViewModel {
    /** The grid's role columns, in order. */
    public static final List<String> GRID_ROLES = List.of("RPKGS_USERS", "RPKGS_PRIVATE", "RPKGS_SHARED", "SQLML_ADMIN");
    public static final String SCRIPTS = "EXECUTE ANY EXTERNAL SCRIPT";

    /** What the view shows. Non-administrators get their own login only, read-only. */
    public record Reading(boolean admin, List<Principal> principals, ResultTable memberships) {
        public Principal principal(String name) {
            return principals.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }
    }

    private final BackgroundExecutor executor;
    private final ConsoleSession session;
    private final ReadOnlyObjectWrapper<Reading> reading = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<String> statements = FXCollections.observableArrayList();
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
        boolean admin = ((Number) value("VALUES SQLML.IS_ADMIN()")).intValue() == 1;
        Map<String, List<EffectivePermission>> effective = new LinkedHashMap<>();
        for (List<Object> r : rows("SELECT PRINCIPAL, PERMISSION_NAME, ALLOWED, VIA, REASON"
                + " FROM TABLE (SQLML.EFFECTIVE_PERMISSIONS()) T")) {
            effective.computeIfAbsent((String) r.get(0), k -> new ArrayList<>()).add(new EffectivePermission(
                    (String) r.get(1), ((Number) r.get(2)).intValue() == 1, (String) r.get(3), (String) r.get(4)));
        }
        Map<String, String> scripts = new HashMap<>();
        for (List<Object> r : rows("SELECT PRINCIPAL, STATE_DESC FROM SQLML.PERMISSIONS WHERE PERMISSION_NAME = '"
                + SCRIPTS + "'")) {
            scripts.put((String) r.get(0), (String) r.get(1));
        }
        Map<String, Set<String>> direct = new HashMap<>();
        for (List<Object> r : rows("SELECT GRANTEE, ROLEID FROM SYS.SYSROLES WHERE ISDEF = 'N'")) {
            direct.computeIfAbsent((String) r.get(0), k -> new TreeSet<>()).add((String) r.get(1));
        }
        List<Principal> principals = new ArrayList<>();
        effective.forEach((login, perms) -> principals.add(new Principal(login, Principal.Kind.LOGIN,
                scripts.get(login), direct.getOrDefault(login, Set.of()), List.copyOf(perms))));
        if (admin) {
            for (List<Object> r : rows("SELECT ROLEID FROM SYS.SYSROLES WHERE ISDEF = 'Y' ORDER BY ROLEID")) {
                String role = (String) r.get(0);
                principals.add(new Principal(role, Principal.Kind.ROLE, scripts.get(role),
                        direct.getOrDefault(role, Set.of()), List.of()));
            }
            principals.add(new Principal("PUBLIC", Principal.Kind.PUBLIC, scripts.get("PUBLIC"),
                    direct.getOrDefault("PUBLIC", Set.of()), List.of()));
        }
        String memberships = "SELECT ROLEID AS ROLE_NAME, GRANTEE AS MEMBER, GRANTOR FROM SYS.SYSROLES WHERE ISDEF = 'N'"
                + (admin ? "" : " AND GRANTEE IN (CURRENT_USER, 'PUBLIC')") + " ORDER BY ROLEID, GRANTEE";
        ResultTable table;
        try (PreparedStatement s = connection().prepareStatement(memberships); ResultSet rs = s.executeQuery()) {
            table = new ResultReader(5000).read(rs);
        }
        return new Reading(admin, List.copyOf(principals), table);
    }

    private Object value(String sql) throws SQLException {
        List<List<Object>> r = rows(sql);
        return r.isEmpty() ? null : r.get(0).get(0);
    }

    private List<List<Object>> rows(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (PreparedStatement s = connection().prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    public void createLogin(String name, String password) {
        call("CREATE LOGIN " + name, "CREATE_USER", 2, name, password);
    }

    public void dropLogin(String name) {
        call("DROP LOGIN " + name, "DROP_USER", -1, name);
    }

    public void resetPassword(String name, String password) {
        call("ALTER LOGIN " + name + " WITH PASSWORD", "CHANGE_PASSWORD", 2, name, password);
    }

    public void createRole(String role) {
        call("CREATE ROLE " + role, "CREATE_ROLE", -1, role);
    }

    public void dropRole(String role) {
        call("DROP ROLE " + role, "DROP_ROLE", -1, role);
    }

    public void addRoleMember(String role, String member) {
        call("ALTER ROLE " + role + " ADD MEMBER " + member, "ADD_ROLE_MEMBER", -1, role, member);
    }

    public void dropRoleMember(String role, String member) {
        call("ALTER ROLE " + role + " DROP MEMBER " + member, "DROP_ROLE_MEMBER", -1, role, member);
    }

    /** A tick in the grid: adds {@code member} to {@code role} or takes it out. */
    public void setMember(String role, String member, boolean isMember) {
        if (isMember) {
            addRoleMember(role, member);
        } else {
            dropRoleMember(role, member);
        }
    }

    /** {@code verb} is GRANT, DENY or REVOKE. */
    public void permission(String verb, String permission, String principal) {
        String proc = switch (verb) {
            case "GRANT" -> "GRANT_PERMISSION";
            case "DENY" -> "DENY_PERMISSION";
            case "REVOKE" -> "REVOKE_PERMISSION";
            default -> throw new IllegalArgumentException("GRANT, DENY or REVOKE, not " + verb);
        };
        call(verb + " " + permission + (verb.equals("REVOKE") ? " FROM " : " TO ") + principal, proc, -1,
                permission, principal);
    }

    /**
     * Runs {@code CALL SQLML.proc(args)} off the FX thread, then reads everything again.
     * {@code secret} is the (1-based) argument never shown in the statement log, or -1.
     */
    private void call(String what, String proc, int secret, String... args) {
        for (String a : args) {
            if (a == null || a.isBlank()) {
                error.set("Fill in every field for: " + what.replace(" null", " …"));
                return;
            }
        }
        error.set("");
        String shown = shown(proc, secret, args);
        executor.execute(() -> {
            try (CallableStatement c = connection().prepareCall("CALL SQLML." + proc + "("
                    + String.join(", ", java.util.Collections.nCopies(args.length, "?")) + ")")) {
                for (int i = 0; i < args.length; i++) {
                    c.setString(i + 1, i + 1 == secret ? args[i] : args[i].strip());
                }
                c.execute();
            } catch (SQLException refused) {
                Reading now;
                try {
                    now = read();
                } catch (SQLException unreadable) {
                    now = null;
                }
                throw new Refused(refused, now);
            }
            return read();
        }, r -> {
            reading.set(r);
            statements.add(0, shown);
            message.set("Done: " + what);
        }, t -> {
            Throwable cause = t instanceof Refused r ? r.getCause() : t;
            String text = cause instanceof SQLException e && e.getSQLState() != null
                    ? "Error " + e.getSQLState() + ": " + e.getMessage() : String.valueOf(cause.getMessage());
            statements.add(0, shown + "  -- failed: " + text);
            error.set(text);
            if (t instanceof Refused r && r.now != null) {
                reading.set(r.now); // the grid shows what the engine has, not the refused tick
            }
        });
    }

    /** A refused change, with the state read right after it. */
    private static final class Refused extends Exception {
        private final Reading now;

        Refused(SQLException cause, Reading now) {
            super(cause);
            this.now = now;
        }
    }

    /** The statement as it ran, with literals for its bound arguments (a password shown as ********). */
    static String shown(String proc, int secret, String... args) {
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            literals.add(i + 1 == secret ? "'********'" : "'" + args[i].strip().replace("'", "''") + "'");
        }
        return "CALL SQLML." + proc + "(" + String.join(", ", literals) + ")";
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

    /** The statements this view ran, newest first. */
    public ObservableList<String> statements() {
        return statements;
    }
}
