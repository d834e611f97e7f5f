package dev.latentj.reason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.cli.DefaultModel;
import dev.latentj.codi.Codi;
import dev.latentj.codi.LatentProbe;
import dev.latentj.engine.Model;
import dev.latentj.engine.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The thoughts an answer carries on request: CODI's latents read through the LM head, Soft Thinking's concept tokens. */
class ThoughtsTest {
    private static final String QUESTION = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";
    private static final CallOptions THOUGHTS = CallOptions.none().withThoughts(true);

    private static Model model;
    private static Reasoner reasoner;

    @BeforeAll
    static void load() throws Exception {
        model = Model.load(DefaultModel.path());
        reasoner = new Reasoner(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Answer answer(Mode mode, ModeOptions o, CallOptions call) {
        return reasoner.answer(mode, o, List.of(QUESTION), List.of(5L), call).getFirst();
    }

    @Test
    void codiLatentsAreWhatTheProbeReads() {
        Answer a = answer(Mode.CODI, ModeOptions.defaults(), THOUGHTS);
        Codi codi = new Codi(model, reasoner.codi().orElseThrow(), reasoner.tokenizer().eos());
        int[] q = reasoner.encode(QUESTION);
        List<LatentProbe.Step> probed;
        try (Session s = codi.newSession(1, q.length, new Codi.Options(1, true, false))) {
            probed = LatentProbe.probe(codi, s, q, 10);
        }
        assertEquals(6, a.thoughts().size(), "one per latent");
        for (int step = 0; step < 6; step++) {
            Thought t = a.thoughts().get(step);
            assertEquals(step, t.step());
            assertEquals(Thought.Kind.LATENT, t.kind());
            assertNull(t.entropy());
            assertNull(t.coldStop());
            assertEquals(10, t.top().size(), "max_topk by default");
            for (int j = 0; j < 10; j++) {
                LatentProbe.Token expected = probed.get(step).top().get(j);
                assertEquals(expected.id(), t.top().get(j).id(), "step " + step + " rank " + j);
                assertEquals(expected.prob(), t.top().get(j).p(), 1e-6);
                assertEquals(reasoner.tokenizer().decode(new int[] {expected.id()}, true), t.top().get(j).token());
            }
        }
        assertEquals("The answer is: 35", a.text(), "asking for thoughts changes no answer");
        ModeOptions three = new ModeOptions(null, null, null, null, null, null, null, null, null, null, null, 3, false);
        assertTrue(answer(Mode.CODI, three, THOUGHTS).thoughts().stream().allMatch(t -> t.top().size() == 3), "max_topk");
        assertEquals(List.of(), answer(Mode.CODI, ModeOptions.defaults(), CallOptions.none()).thoughts(), "only on request");
    }

    @Test
    void softThinkingsConceptTokensAreItsSteps() {
        List<Integer> visible = new ArrayList<>();
        CallOptions call = THOUGHTS.withListener(t -> {
            if (t.phase() == TokenListener.Phase.THINKING) visible.add(t.id());
        });
        ModeOptions o = new ModeOptions(null, 12, null, null, null, null, null, null, null, null, null, null, false);
        Answer a = answer(Mode.SOFT_DIRICHLET, o, call);
        List<Thought> thoughts = a.thoughts();
        assertTrue(thoughts.size() >= 2, thoughts.toString());
        for (int step = 0; step < thoughts.size(); step++) {
            Thought t = thoughts.get(step);
            assertEquals(step, t.step());
            assertEquals(Thought.Kind.CONCEPT, t.kind());
            assertTrue(t.top().size() >= 1 && t.top().size() <= 10, t.toString());
            assertEquals(1.0, t.top().stream().mapToDouble(Thought.Candidate::p).sum(), 1e-5, "weights sum to 1");
            for (int j = 1; j < t.top().size(); j++) assertTrue(t.top().get(j - 1).p() >= t.top().get(j).p(), "sorted by p");
            assertTrue(t.entropy() >= 0, t.toString());
            int before = step == 0 ? 0 : thoughts.get(step - 1).coldStop();
            assertEquals(t.entropy() < 0.01 ? before + 1 : 0, t.coldStop(), "Cold Stop counts low-entropy steps in a row");
        }
        // each step's visible token is its concept's first id (a think-end the last step forced replaced its token)
        for (int step = 0; step < thoughts.size() - 1; step++) assertEquals(visible.get(step), thoughts.get(step).top().getFirst().id());
    }

    @Test
    void tokenModesHaveNoThoughts() {
        for (Mode mode : List.of(Mode.COT_GREEDY, Mode.COT_SAMPLE, Mode.GENERATE)) {
            assertEquals(List.of(), answer(mode, ModeOptions.defaults(), THOUGHTS).thoughts(), mode.id());
        }
    }

    @Test
    void thoughtsSerialiseAsTheServersExtension() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode latent = json.valueToTree(new Thought(0, Thought.Kind.LATENT, List.of(new Thought.Candidate(464, " The", 0.52)), null, null));
        assertEquals("{\"step\":0,\"kind\":\"latent\",\"top\":[{\"id\":464,\"token\":\" The\",\"p\":0.52}]}", json.writeValueAsString(latent));
        JsonNode concept = json.valueToTree(new Thought(3, Thought.Kind.CONCEPT, List.of(new Thought.Candidate(7, "x", 1.0)), 1.5, 2));
        assertEquals("{\"step\":3,\"kind\":\"concept\",\"top\":[{\"id\":7,\"token\":\"x\",\"p\":1.0}],\"entropy\":1.5,\"cold_stop\":2}",
                json.writeValueAsString(concept));
        assertEquals("\"cancelled\"", json.writeValueAsString(FinishReason.CANCELLED));
    }
}
