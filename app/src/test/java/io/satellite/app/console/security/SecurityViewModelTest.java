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
        assertTrue(vm.readingProperty().get().logins().rows().stream().anyMatch(r -> r.get(0).equals("CAROL")),
                vm.readingProperty().get().logins().rows()::toString);
        vm.permission("GRANT", "EXECUTE ANY EXTERNAL SCRIPT", "carol");
        assertEquals(List.of(List.of("CAROL", "EXECUTE ANY EXTERNAL SCRIPT", "GRANT")), vm.readingProperty().get()
                .permissions().rows().stream().map(r -> r.subList(0, 3)).toList());
        assertEquals(null, engine.startJobAs("carol", "carols-password", "OutputDataSet <- data.frame(a = 1L)").get());
        vm.addRoleMember("rpkgs-users", "carol");
        assertTrue(vm.readingProperty().get().roles().rows().stream()
                .anyMatch(r -> r.get(0).equals("RPKGS_USERS") && r.get(1).equals("CAROL")),
                vm.readingProperty().get().roles().rows()::toString);
        vm.permission("DENY", "EXECUTE ANY EXTERNAL SCRIPT", "carol");
        assertEquals("38S11", engine.startJobAs("carol", "carols-password", "OutputDataSet <- data.frame(a = 1L)")
                .get().getSQLState());
        assertEquals("Done: DENY EXECUTE ANY EXTERNAL SCRIPT TO carol", vm.messageProperty().get());
        vm.createLogin("dave", "");
        assertEquals("Fill in every field for: CREATE LOGIN dave", vm.errorProperty().get());

        try (ConsoleSession carol = engine.logins().login(engine.target(), "carol", "carols-password")) {
            SecurityViewModel own = new SecurityViewModel(new SynchronousExecutor(), carol);
            own.refresh();
            assertEquals(List.of(List.of("CAROL")), own.readingProperty().get().logins().rows());
            own.createLogin("eve", "eves-password");
            assertTrue(own.errorProperty().get().startsWith("Error 38S11: "), own.errorProperty().get());
        }
    }
}
