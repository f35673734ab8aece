package io.satellite.engine.catalog;

import io.satellite.engine.launchpad.ResourcePool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the external resource pools and the classifier ({@code SQLML.EXTERNAL_RESOURCE_POOLS},
 * {@code SQLML.EXTERNAL_POOL_CLASSIFIER}); both are readable by every user.
 */
public final class ResourcePools {
    static final String COLUMNS = "NAME, MAX_CPU_PERCENT, MAX_MEMORY_PERCENT, MAX_PROCESSES, AFFINITY,"
            + " MAX_DURATION_SECONDS, QUEUE_TIMEOUT_SECONDS, CREATED";
    /** Pool names compare without case, as SQL Server's; ties broken by the exact spelling. */
    public static final Comparator<String> NAME_ORDER =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private ResourcePools() {
    }

    /** Every pool, ordered by name. */
    public static List<ResourcePool> load(Connection c) throws SQLException {
        List<ResourcePool> pools = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM SQLML.EXTERNAL_RESOURCE_POOLS")) {
            while (rs.next()) {
                pools.add(read(rs));
            }
        }
        pools.sort(Comparator.comparing(ResourcePool::name, NAME_ORDER));
        return pools;
    }

    /** The pool of that name, compared without case. */
    public static Optional<ResourcePool> find(Connection c, String name) throws SQLException {
        if (name == null) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM SQLML.EXTERNAL_RESOURCE_POOLS WHERE UPPER(NAME) = UPPER(?)")) {
            ps.setString(1, name.strip());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The pool a user's jobs run in: the user's own mapping, else the alphabetically first
     * pool among the mappings of the roles the user holds (granted to the user, to PUBLIC, or
     * through another role), else {@code default}.
     *
     * @param user the authorization id exactly as Derby stores it ({@code CURRENT_USER}), e.g. {@code BOB}
     */
    public static String classify(Connection c, String user) throws SQLException {
        Map<String, String> mapping = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT PRINCIPAL, POOL_NAME FROM SQLML.EXTERNAL_POOL_CLASSIFIER")) {
            while (rs.next()) {
                mapping.put(rs.getString(1), rs.getString(2));
            }
        }
        String own = mapping.get(user);
        if (own != null) {
            return own;
        }
        if (mapping.isEmpty()) {
            return ResourcePool.DEFAULT;
        }
        return io.satellite.engine.security.Principals.rolesOf(c, user).stream()
                .map(mapping::get)
                .filter(pool -> pool != null)
                .min(NAME_ORDER)
                .orElse(ResourcePool.DEFAULT);
    }

    static ResourcePool read(ResultSet rs) throws SQLException {
        Timestamp created = rs.getTimestamp(8);
        return new ResourcePool(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                rs.getInt(6), rs.getInt(7), created == null ? null : created.toInstant());
    }
}
