package dev.latentj.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.io.InputFile;
import dev.latentj.io.JsonError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Logits for every position of a token sequence, optionally with raw vectors at some positions. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Run one sequence through the model and print the logits of every position.")
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--ids", required = true, split = ",", paramLabel = "ID[,ID...]", description = "token ids, e.g. 5,17,3")
    List<Integer> ids;

    @Option(names = "--embed", paramLabel = "POS=FILE.json",
            description = "replace the input at POS with the vector in FILE (a JSON array of n_embd floats); repeatable")
    Map<Integer, Path> embeds = new HashMap<>();

    @Option(names = "--json", description = "print {\"logits\": [[...], ...]}")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        // "--ids ,,," splits into nothing
        if (ids.isEmpty()) throw new ParameterException(spec.commandLine(), "--ids: no token ids given (e.g. --ids 5,17,3)");
        Map<Integer, float[]> vectors = new HashMap<>();
        for (var e : embeds.entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= ids.size()) {
                throw new ParameterException(spec.commandLine(), "--embed position " + e.getKey() + " is outside the "
                        + ids.size() + " ids (0.." + (ids.size() - 1) + ")");
            }
            vectors.put(e.getKey(), readVector(mapper, e.getValue()));
        }
        try (Model m = model.load(); Session s = m.newSession(new Session.Options(1, Math.max(ids.size(), 1), 0, -1))) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < ids.size(); p++) {
                float[] v = vectors.get(p);
                rows.add(v != null ? new Row.Embedding(0, p, v, Row.Output.LOGITS) : new Row.Token(0, p, ids.get(p), Row.Output.LOGITS));
            }
            s.decode(rows);
            List<float[]> logits = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) logits.add(s.logits(i));
            PrintStream out = System.out;
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("logits", logits);
                out.println(mapper.writeValueAsString(doc));
            } else {
                for (int p = 0; p < logits.size(); p++) {
                    float[] l = logits.get(p);
                    int best = 0;
                    for (int i = 1; i < l.length; i++) if (l[i] > l[best]) best = i;
                    out.printf("pos %d  input %s  argmax %d  logit %.6f%n", p,
                            vectors.containsKey(p) ? "<embedding>" : ids.get(p).toString(), best, l[best]);
                }
            }
        }
        return 0;
    }

    private static float[] readVector(ObjectMapper mapper, Path file) throws IOException {
        InputFile.requireRegularFile(file, "a JSON array of floats");
        try {
            return mapper.readValue(file.toFile(), float[].class);
        } catch (JacksonException e) {
            throw new IOException(JsonError.describe(file.toString(), e, "a JSON array of n_embd floats"), e);
        }
    }
}
