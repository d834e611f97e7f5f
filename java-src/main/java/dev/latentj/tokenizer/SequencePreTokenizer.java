package dev.latentj.tokenizer;

import java.util.List;

/** Applies split steps in turn: each step splits every piece the previous one produced. */
record SequencePreTokenizer(List<PreTokenizer> steps) implements PreTokenizer {

    SequencePreTokenizer {
        steps = List.copyOf(steps);
    }

    @Override
    public void split(String text, int start, int end, IntList ends) {
        IntList cur = new IntList();
        cur.add(end);
        for (PreTokenizer step : steps) {
            IntList next = new IntList(cur.size() * 2);
            int s = start;
            for (int i = 0; i < cur.size(); i++) {
                int e = cur.get(i);
                step.split(text, s, e, next);
                s = e;
            }
            cur = next;
        }
        for (int i = 0; i < cur.size(); i++) ends.add(cur.get(i));
    }
}
