package io.satellite.engine.script;

import io.satellite.engine.launchpad.ResourcePool;
import io.satellite.engine.security.Principals;
import io.satellite.engine.security.SecurityVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine decides about a script's caller before each job, kept between the user's
 * jobs (SQL Server keeps such decisions in a security cache too): whether the user may run
 * scripts (EXECUTE ANY EXTERNAL SCRIPT, and why not), whether the user may use packages, and
 * the resource pool the user's jobs run in. Deciding takes a definer-rights function or two and
 * about six catalog queries (1.8 ms of a warm call); checking a kept decision takes two queries.
 *
 * <p>A kept decision is used only while the {@link SecurityVersion} and the caller's roles are
 * what they were when it was made. Every GRANT, DENY, REVOKE, classifier and pool change moves
 * the version, in its own transaction; the roles are read again for each call (Derby's own
 * {@code GRANT role TO user} moves no version). So a change takes effect on the very next
 * call, as without the cache. Only callers at READ COMMITTED (Derby's default) keep and use
 * decisions: one that reads uncommitted data could see a change that is then rolled back, and
 * one at REPEATABLE READ or SERIALIZABLE would hold its lock on the version while it decides,
 * in the opposite order to a change's trigger (a deadlock with an administrator's change).
 */
final class SecurityCache {
    /** A caller's decision: the denial (null: allowed), package use, and the pool (empty: it no longer exists). */
    record Decision(String denial, boolean usePackages, Optional<ResourcePool> pool) {
    }

    /** Makes the decision from the catalog. */
    @FunctionalInterface
    interface Decider {
        Decision decide() throws SQLException;
    }

    private record Kept(long version, Set<String> roles, Decision decision) {
    }

    /** More users than this between two changes, and the cache starts over. */
    private static final int MAX_USERS = 10_000;
    private final Map<String, Kept> byUser = new ConcurrentHashMap<>();

    /** The caller's decision: a kept one if nothing it depends on has changed, else a fresh one. */
    Decision decide(Connection caller, String user, Decider decider) throws SQLException {
        boolean readCommitted = caller.getTransactionIsolation() == Connection.TRANSACTION_READ_COMMITTED;
        long version = readCommitted ? SecurityVersion.read(caller) : SecurityVersion.UNKNOWN;
        if (version == SecurityVersion.UNKNOWN) {
            return decider.decide();
        }
        Set<String> roles = Principals.rolesOf(caller, user);
        Kept kept = byUser.get(user);
        if (kept != null && kept.version() == version && kept.roles().equals(roles)) {
            return kept.decision();
        }
        Decision fresh = decider.decide();
        // kept only if nothing moved while it was made (it might mix the state before and after)
        if (SecurityVersion.read(caller) == version && Principals.rolesOf(caller, user).equals(roles)) {
            if (byUser.size() >= MAX_USERS) {
                byUser.clear();
            }
            byUser.put(user, new Kept(version, Set.copyOf(roles), fresh));
        }
        return fresh;
    }
}
