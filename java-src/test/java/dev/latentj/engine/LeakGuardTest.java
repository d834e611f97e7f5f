package dev.latentj.engine;

import dev.latentj.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakGuardTest {
    private static final String MODEL = "models/codi-gpt2-tiny-q8_0.gguf";

    @Test
    void unclosedModelsAndSessionsAreFreedByTheCleanerWithOneWarning() throws Exception {
        List<String> lines = ChildJvm.run(LeakProbe.class, List.of(), MODEL).lines().toList();
        assertEquals("freed 4", lines.get(0), "the two dropped models and their sessions, not the closed ones");
        assertEquals(2, lines.size(), "one warning for the process, not one per object: " + lines);
        assertTrue(lines.get(1).startsWith("warning WARNING a latentj "), lines.get(1));
        assertTrue(lines.get(1).contains("without close()"), lines.get(1));
    }

    @Test
    void closingTwiceAndInEitherOrderIsHarmless() throws Exception {
        Model model = Model.load(java.nio.file.Path.of(MODEL), new Model.Options(Backend.CPU, 1));
        Session session = model.newSession(Session.Options.single());
        model.close();
        session.close();
        model.close();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, session::outputs);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
