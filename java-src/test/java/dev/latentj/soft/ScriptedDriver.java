package dev.latentj.soft;

import dev.latentj.sampling.TopK;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/** A model stand-in: returns scripted readouts in order and records what the loop fed and with which readout. */
final class ScriptedDriver implements SoftThinkingDriver {

    private final Deque<TopK> script;
    final List<String> feeds = new ArrayList<>();
    final List<Readout> readouts = new ArrayList<>();

    ScriptedDriver(TopK... script) {
        this.script = new ArrayDeque<>(List.of(script));
    }

    /** A readout whose top-1 is {@code id} with p 0.97 (one-hot after top-p 0.95) and the given entropy. */
    static TopK peaked(int id, float entropy) {
        return new TopK(new int[] {id, id + 1000}, new float[] {0.97f, 0.03f}, entropy);
    }

    /** A readout that gives a two-token concept token at the default filters. */
    static TopK split(int id, int runnerUp, float entropy) {
        return new TopK(new int[] {id, runnerUp}, new float[] {0.6f, 0.4f}, entropy);
    }

    @Override
    public TopK feedMixture(ConceptToken concept, Readout next) {
        feeds.add("mix" + Arrays.toString(concept.ids()));
        return answer(next);
    }

    @Override
    public TopK feedTokens(int[] ids, Readout next) {
        feeds.add("tok" + Arrays.toString(ids));
        return answer(next);
    }

    private TopK answer(Readout next) {
        readouts.add(next);
        if (script.isEmpty()) throw new AssertionError("the loop fed more than scripted: " + feeds);
        return script.poll();
    }

    int remaining() {
        return script.size();
    }
}
