package io.satellite.engine.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One row of the audit log: who did what to which object, and how it ended. Script
 * executions also carry the language, pool, the script's SHA-256 and text, and the input
 * query. Passwords never appear in an event.
 */
public record AuditEvent(Instant at, String principal, String action, String objectName, Outcome outcome,
                         String detail, Long requestId, String language, String pool, String script,
                         String inputQuery) {

    /** How an audited action ended. */
    public enum Outcome { SUCCEEDED, FAILED, DENIED, CANCELLED }

    /** An administrative action: a user, role, permission, configuration or pool change. */
    public static AuditEvent of(String principal, String action, String objectName, Outcome outcome, String detail) {
        return new AuditEvent(Instant.now(), principal, action, objectName, outcome, detail, null, null, null, null,
                null);
    }

    /** An external script execution (or an attempt refused before it started). */
    public static AuditEvent script(String principal, Long requestId, String language, String pool, String script,
                                    String inputQuery, Outcome outcome, String detail) {
        return new AuditEvent(Instant.now(), principal, Actions.EXECUTE_SCRIPT, language, outcome, detail, requestId,
                language, pool, script, inputQuery);
    }

    /** The script's SHA-256 in hex, or null. */
    public String scriptHash() {
        if (script == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The audited actions' names, as they appear in {@code SQLML.AUDIT.ACTION}. */
    public static final class Actions {
        public static final String EXECUTE_SCRIPT = "EXECUTE EXTERNAL SCRIPT";
        public static final String CREATE_USER = "CREATE USER";
        public static final String DROP_USER = "DROP USER";
        public static final String CHANGE_PASSWORD = "CHANGE PASSWORD";
        public static final String CREATE_ROLE = "CREATE ROLE";
        public static final String DROP_ROLE = "DROP ROLE";
        public static final String ADD_ROLE_MEMBER = "ADD ROLE MEMBER";
        public static final String DROP_ROLE_MEMBER = "DROP ROLE MEMBER";
        public static final String GRANT = "GRANT";
        public static final String DENY = "DENY";
        public static final String REVOKE = "REVOKE";
        public static final String CONFIGURE = "CONFIGURE";
        public static final String RECONFIGURE = "RECONFIGURE";
        public static final String RESOURCE_POOL = "RESOURCE POOL";
        public static final String LOGIN_FAILED = "LOGIN FAILED";
        public static final String EXPORT_AUDIT = "EXPORT AUDIT";
        public static final String PACKAGE = "PACKAGE";

        private Actions() {
        }
    }
}
