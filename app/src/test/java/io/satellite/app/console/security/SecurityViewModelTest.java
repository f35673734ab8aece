package io.satellite.app.console.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.SynchronousExecutor;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.session.ConsoleSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security on a real engine: a login created, granted, put in a role, then denied; a user's own view. */
class SecurityViewModelTest {
    @TempDir
    static Path tmp;
    static TestEngine engine;

    @BeforeAll
    static void boot() throws Exception {
        engine = new TestEngine(tmp);
        engine.admin();
    }

    @AfterAll
    static void shutdown() {
        engine.close();
    }

    @Test
    void anAdministratorCreatesGrantsAndDenies() throws Exception {
        SecurityViewModel vm = new SecurityViewModel(new SynchronousExecutor(), engine.admin());
        vm.createLogin("carol", "carols-password");
        assertEquals("", vm.errorProperty().get());
        Principal carol = vm.readingProperty().get().principal("CAROL");
        assertEquals(Principal.Kind.LOGIN, carol.kind());
        assertEquals(false, carol.effective(SecurityViewModel.SCRIPTS).allowed());
        assertEquals("CALL SQLML.CREATE_USER('carol', '********')", vm.statements().get(0));
        vm.permission("GRANT", "EXECUTE ANY EXTERNAL SCRIPT", "carol");
        carol = vm.readingProperty().get().principal("CAROL");
        assertEquals("GRANT", carol.scripts());
        assertEquals(new EffectivePermission(SecurityViewModel.SCRIPTS, true, "CAROL", "granted to user CAROL"),
                carol.effective(SecurityViewModel.SCRIPTS));
        assertEquals(null, engine.startJobAs("carol", "carols-password", "OutputDataSet <- data.frame(a = 1L)").get());
        vm.setMember("rpkgs-users", "carol", true);
        carol = vm.readingProperty().get().principal("CAROL");
        assertEquals(java.util.Set.of("RPKGS_USERS"), carol.roles());
        assertEquals("RPKGS_USERS", carol.effective("USE PACKAGES").via());
        assertTrue(vm.readingProperty().get().memberships().rows().stream()
                .anyMatch(r -> r.get(0).equals("RPKGS_USERS") && r.get(1).equals("CAROL")),
                vm.readingProperty().get().memberships().rows()::toString);

        // a DENY to a role the login holds wins over the login's own GRANT, and the explanation says where
        vm.createRole("interns");
        vm.addRoleMember("interns", "carol");
        vm.permission("DENY", "EXECUTE ANY EXTERNAL SCRIPT", "interns");
        assertEquals("DENY", vm.readingProperty().get().principal("INTERNS").scripts());
        EffectivePermission denied = vm.readingProperty().get().principal("CAROL").effective(SecurityViewModel.SCRIPTS);
        assertEquals(false, denied.allowed());
        assertEquals("INTERNS", denied.via());
        assertTrue(denied.reason().contains("through role INTERNS"), denied.reason());
        assertEquals("38S11", engine.startJobAs("carol", "carols-password", "OutputDataSet <- data.frame(a = 1L)")
                .get().getSQLState());
        assertEquals("Done: DENY EXECUTE ANY EXTERNAL SCRIPT TO interns", vm.messageProperty().get());
        assertEquals("CALL SQLML.DENY_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'interns')", vm.statements().get(0));
        vm.setMember("interns", "carol", false);
        assertEquals(true, vm.readingProperty().get().principal("CAROL").effective(SecurityViewModel.SCRIPTS).allowed());

        vm.createLogin("dave", "");
        assertEquals("Fill in every field for: CREATE LOGIN dave", vm.errorProperty().get());
        vm.dropRole("no_such_role");
        assertTrue(vm.errorProperty().get().startsWith("Error "), vm.errorProperty().get());
        assertTrue(vm.statements().get(0).startsWith("CALL SQLML.DROP_ROLE('no_such_role')  -- failed: "),
                vm.statements().get(0));

        try (ConsoleSession session = engine.logins().login(engine.target(), "carol", "carols-password")) {
            SecurityViewModel own = new SecurityViewModel(new SynchronousExecutor(), session);
            own.refresh();
            SecurityViewModel.Reading r = own.readingProperty().get();
            assertEquals(false, r.admin());
            assertEquals(List.of("CAROL"), r.principals().stream().map(Principal::name).toList());
            assertTrue(r.memberships().rows().stream().allMatch(m -> m.get(1).equals("CAROL")
                    || m.get(1).equals("PUBLIC")), r.memberships().rows()::toString);
            own.createLogin("eve", "eves-password");
            assertTrue(own.errorProperty().get().startsWith("Error 38S11: "), own.errorProperty().get());
        }
    }
}
