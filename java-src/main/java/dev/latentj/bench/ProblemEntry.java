package dev.latentj.bench;

/** One problem in results.json's {@code problems}: what the report shows beside each mode's prediction. */
public record ProblemEntry(int index, String question, double gold) {
    static ProblemEntry of(Problem p) {
        return new ProblemEntry(p.index(), p.question(), p.gold());
    }
}
