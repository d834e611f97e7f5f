package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.convert.CodiSplit;
import dev.latentj.engine.Arch;
import dev.latentj.engine.ModelChecks;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufArray;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.gguf.GgufValueType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code latentj info -m FILE [--json]}: what a GGUF file holds. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a GGUF model's architecture, hyper-parameters, tensors, CODI and tokenizer metadata.")
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "GGUF file (default: the embedded model)")
    Path model;

    @Option(names = "--codi", paramLabel = "FILE", description = "CODI companion of a base model split by convert --split-codi "
            + "(default: NAME.codi.gguf beside -m NAME.gguf, when present): describe the two as one model")
    Path codi;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (model == null) model = DefaultModel.path();
        try (GgufFile f = CodiSplit.open(model, codi)) {
            if (isModel(f)) ModelChecks.validate(f); // a model file info accepts is one that loads
            ObjectNode info = describe(f);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(info));
            } else {
                print(info, out);
            }
            out.flush();
        }
        return 0;
    }

    /** A file with tensors and an architecture the engine runs; vocab-only and foreign GGUFs are only described. */
    static boolean isModel(GgufFile f) {
        if (f.tensors().isEmpty()) return false;
        return f.metadata().raw(GgufKeys.GENERAL_ARCHITECTURE) instanceof String arch && Arch.isSupported(arch);
    }

    static ObjectNode describe(GgufFile f) throws Exception {
        ObjectMapper om = new ObjectMapper();
        GgufMetadata md = f.metadata();
        ObjectNode o = om.createObjectNode();
        o.put("file_bytes", f.segment().byteSize());
        o.put("gguf_version", f.version());
        String arch = md.getStringOrDefault(GgufKeys.GENERAL_ARCHITECTURE, "");
        o.put("architecture", arch);
        o.put("name", md.getStringOrDefault(GgufKeys.GENERAL_NAME, ""));
        if (md.has(GgufKeys.GENERAL_FILE_TYPE)) o.put("file_type", md.getInt(GgufKeys.GENERAL_FILE_TYPE));
        ObjectNode hp = o.putObject("hyperparameters");
        ObjectNode codi = om.createObjectNode();
        for (String k : md.keys()) {
            boolean archKey = !arch.isEmpty() && k.startsWith(arch + ".");
            if (!archKey && !k.startsWith(GgufKeys.CODI_PREFIX)) continue;
            ObjectNode target = archKey ? hp : codi;
            String shortKey = archKey ? k.substring(arch.length() + 1) : k.substring(GgufKeys.CODI_PREFIX.length());
            Object v = md.raw(k);
            switch (v) {
                case Long l -> target.put(shortKey, l);
                case Float x -> target.put(shortKey, x);
                case Double x -> target.put(shortKey, x);
                case Boolean b -> target.put(shortKey, b);
                case String s -> target.put(shortKey, s);
                case GgufArray a -> target.put(shortKey, "array<" + a.elementType() + ">[" + a.size() + "]");
                default -> target.put(shortKey, String.valueOf(v));
            }
        }
        if (!codi.isEmpty()) o.set("codi", codi);
        if (md.has(GgufKeys.TOKENIZER_MODEL)) {
            ObjectNode tok = o.putObject("tokenizer");
            tok.put("model", md.getString(GgufKeys.TOKENIZER_MODEL));
            if (md.type(GgufKeys.TOKENIZER_TOKENS) == GgufValueType.ARRAY) tok.put("vocab_size", md.getArray(GgufKeys.TOKENIZER_TOKENS).size());
            for (String k : new String[] {"pre", "bos_token_id", "eos_token_id"}) {
                Object v = md.raw(GgufKeys.TOKENIZER_PREFIX + k);
                if (v != null) tok.put(k, String.valueOf(v));
            }
        }
        Map<GgmlType, Integer> counts = new TreeMap<>();
        long params = 0;
        for (GgufTensorInfo t : f.tensors()) {
            counts.merge(t.type(), 1, Integer::sum);
            params += t.numel();
        }
        o.put("tensor_count", f.tensors().size());
        o.put("parameters", params);
        ObjectNode byType = o.putObject("tensors_by_type");
        counts.forEach((t, n) -> byType.put(t.name(), n));
        return o;
    }

    private static void print(ObjectNode info, PrintWriter out) {
        info.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                out.println(e.getKey() + ":");
                e.getValue().fields().forEachRemaining(x -> out.println("  " + x.getKey() + " = " + text(x.getValue())));
            } else {
                out.println(e.getKey() + " = " + text(e.getValue()));
            }
        });
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isTextual() ? n.asText() : n.toString();
    }
}
