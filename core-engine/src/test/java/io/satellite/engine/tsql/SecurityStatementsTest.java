package io.satellite.engine.tsql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL Server's security statements become bound calls of the SQLML security procedures. */
class SecurityStatementsTest {
    private static void translates(String tsql, String sql, Object... args) {
        Translation t = TsqlTranslator.translate(tsql);
        assertTrue(t.translated(), tsql);
        assertEquals(sql, t.sql(), tsql);
        assertEquals(List.of(args), t.parameters(), tsql);
    }

    @Test
    void loginsAndUsers() {
        translates("CREATE LOGIN analyst WITH PASSWORD = N'S3cret!pw', CHECK_POLICY = OFF",
                "CALL SQLML.CREATE_USER(?, ?)", "analyst", "S3cret!pw");
        translates("CREATE USER [analyst] WITH PASSWORD = 'it''s long enough'",
                "CALL SQLML.CREATE_USER(?, ?)", "analyst", "it's long enough");
        translates("CREATE USER analyst FOR LOGIN analyst", "CALL SQLML.REQUIRE_USER(?)", "analyst");
        translates("ALTER LOGIN analyst WITH PASSWORD = 'n3w-passw0rd' OLD_PASSWORD = 'x'",
                "CALL SQLML.CHANGE_PASSWORD(?, ?)", "analyst", "n3w-passw0rd");
        translates("DROP LOGIN analyst", "CALL SQLML.DROP_USER(?)", "analyst");
        translates("DROP USER [Mixed Case]", "CALL SQLML.DROP_USER(?)", "\"Mixed Case\"");
    }

    @Test
    void rolesAndMembers() {
        translates("CREATE ROLE analysts AUTHORIZATION dbo", "CALL SQLML.CREATE_ROLE(?)", "analysts");
        translates("DROP ROLE analysts", "CALL SQLML.DROP_ROLE(?)", "analysts");
        translates("ALTER ROLE analysts ADD MEMBER bob", "CALL SQLML.ADD_ROLE_MEMBER(?, ?)", "analysts", "bob");
        translates("ALTER ROLE [rpkgs-shared] DROP MEMBER bob", "CALL SQLML.DROP_ROLE_MEMBER(?, ?)",
                "rpkgs-shared", "bob");
        translates("ALTER SERVER ROLE sysadmin ADD MEMBER alice", "CALL SQLML.ADD_ROLE_MEMBER(?, ?)", "sysadmin",
                "alice");
        translates("EXEC sp_addrolemember 'rpkgs-users', 'bob'", "CALL SQLML.ADD_ROLE_MEMBER(?, ?)", "rpkgs-users",
                "bob");
        translates("EXEC sp_droprolemember @rolename = N'analysts', @membername = N'bob'",
                "CALL SQLML.DROP_ROLE_MEMBER(?, ?)", "analysts", "bob");
    }

    @Test
    void executeAnyExternalScript() {
        translates("GRANT EXECUTE ANY EXTERNAL SCRIPT TO [analyst]", "CALL SQLML.GRANT_PERMISSION(?, ?)",
                "EXECUTE ANY EXTERNAL SCRIPT", "analyst");
        translates("deny execute any external script to analysts", "CALL SQLML.DENY_PERMISSION(?, ?)",
                "EXECUTE ANY EXTERNAL SCRIPT", "analysts");
        translates("REVOKE EXECUTE ANY EXTERNAL SCRIPT FROM public", "CALL SQLML.REVOKE_PERMISSION(?, ?)",
                "EXECUTE ANY EXTERNAL SCRIPT", "public");
    }

    @Test
    void derbysOwnGrantsPassThrough() {
        assertFalse(TsqlTranslator.translate("GRANT SELECT ON T TO bob").translated());
        assertFalse(TsqlTranslator.translate("GRANT EXECUTE ON PROCEDURE P TO bob").translated());
        assertFalse(TsqlTranslator.translate("REVOKE SELECT ON T FROM bob").translated());
    }

    @Test
    void whatCannotBeTranslatedIsNamed() {
        SqlSyntaxException e = assertThrows(SqlSyntaxException.class,
                () -> TsqlTranslator.translate("CREATE LOGIN bob WITH PASSWORD = secret"));
        assertTrue(e.getMessage().contains("password must be a string literal"), e.getMessage());
        e = assertThrows(SqlSyntaxException.class,
                () -> TsqlTranslator.translate("GRANT EXECUTE ANY EXTERNAL SCRIPT TO bob, carol"));
        assertTrue(e.getMessage().contains("one principal per statement"), e.getMessage());
        e = assertThrows(SqlSyntaxException.class,
                () -> TsqlTranslator.translate("CREATE USER bob WITHOUT LOGIN"));
        assertTrue(e.getMessage().contains("WITHOUT LOGIN is not supported"), e.getMessage());
        e = assertThrows(SqlSyntaxException.class,
                () -> TsqlTranslator.translate("DROP USER bob; DROP TABLE T"));
        assertTrue(e.getMessage().contains("unexpected ';'"), e.getMessage());
    }
}
