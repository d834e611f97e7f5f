package dev.latentj.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runners of one bench run, closed together: with try-with-resources a failure while closing is added to
 * the run's own failure instead of hiding it. One runner object may serve several modes (one loaded model), so
 * each is closed once, the last made first.
 */
public record RunnerSet(Map<String, ModeRunner> byMode) implements AutoCloseable {
    public RunnerSet {
        byMode = Collections.unmodifiableMap(new LinkedHashMap<>(byMode));
    }

    @Override
    public void close() throws Exception {
        Set<ModeRunner> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ModeRunner> distinct = new ArrayList<>();
        for (ModeRunner r : byMode.values()) if (seen.add(r)) distinct.add(r);
        Exception first = null;
        for (ModeRunner r : distinct.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
