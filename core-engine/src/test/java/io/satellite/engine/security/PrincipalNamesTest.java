package io.satellite.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Names of users and roles, and permission names, as the security procedures read them. */
class PrincipalNamesTest {
    @Test
    void plainNamesAreUpperCasedQuotedNamesKeptAsWritten() {
        assertEquals("BOB", Principals.normalize("bob"));
        assertEquals("DATA_SCIENTISTS", Principals.normalize(" Data_Scientists "));
        assertEquals("Mixed Case", Principals.normalize("\"Mixed Case\""));
        assertEquals("say \"hi\"", Principals.normalize("\"say \"\"hi\"\"\""));
        assertEquals("\"say \"\"hi\"\"\"", Principals.quoted("say \"hi\""));
    }

    @Test
    void namesThatCouldCarrySqlAreRefused() {
        for (String bad : new String[] {"bob; DROP TABLE T", "bob' OR '1'='1", "1bob", "", "  ", "a-b",
                "\"unbalanced\"quote\"", "bob--"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Principals.normalize(bad), bad);
            assertTrue(e.getMessage().contains("name") || e.getMessage().contains("identifier"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Principals.normalize(null));
    }

    @Test
    void permissionsAreNamedAsInSql() {
        assertEquals(Capability.EXECUTE_ANY_EXTERNAL_SCRIPT, Capability.named("execute any  external script"));
        assertEquals(Capability.INSTALL_SHARED_PACKAGES, Capability.named("INSTALL SHARED PACKAGES"));
        assertEquals("EXECUTE ANY EXTERNAL SCRIPT", Capability.EXECUTE_ANY_EXTERNAL_SCRIPT.sqlName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Capability.named("DROP DATABASE"));
        assertTrue(e.getMessage().contains("'DROP DATABASE' is not a permission"), e.getMessage());
    }

    @Test
    void sqlServerRoleNamesMapToSatellitesRoles() {
        assertEquals(SecurityRoles.ADMIN, SecurityRoles.fromSqlServer("sysadmin"));
        assertEquals(SecurityRoles.ADMIN, SecurityRoles.fromSqlServer("db_owner"));
        assertEquals(SecurityRoles.PACKAGE_SHARED, SecurityRoles.fromSqlServer("rpkgs-shared"));
        assertEquals("ANALYSTS", SecurityRoles.fromSqlServer("ANALYSTS"));
    }
}
