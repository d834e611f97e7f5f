package dev.latentj.cli;

import dev.latentj.convert.CodiSplit;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.gguf.GgufFile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.latentj.io.InputFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The -m/--codi/--backend/--threads/--rpc options shared by commands that load a model. */
public final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "GGUF model (default: the embedded models/" + DefaultModel.FILE_NAME + ")")
    Path model;

    @Option(names = "--backend", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
            description = "where to run (default: ${DEFAULT-VALUE}: CUDA when built in and present)")
    String backend;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "CPU threads (default: all cores but one, which the JVM keeps)")
    int threads;

    @Option(names = "--codi", paramLabel = "FILE", description = "CODI companion of a base model split by convert --split-codi "
            + "(default: NAME.codi.gguf beside -m NAME.gguf, when present)")
    Path codi;

    @Mixin
    RpcOption rpc = new RpcOption();

    /** The model path: -m, or the embedded default model. */
    public Path path() {
        return model != null ? model : DefaultModel.path();
    }

    public Model.Options options() {
        Backend b = switch (backend.toLowerCase(Locale.ROOT)) {
            case "auto" -> Backend.AUTO;
            case "cpu" -> Backend.CPU;
            case "cuda", "gpu" -> Backend.CUDA;
            default -> throw new IllegalArgumentException("unknown backend '" + backend + "' (auto, cpu or cuda)");
        };
        return rpc.apply(new Model.Options(b, threads));
    }

    public Model load() throws IOException {
        Path p = path();
        InputFile.requireRegularFile(p, "a GGUF file");
        Model.Options o = options();
        GgufFile file = CodiSplit.open(p, codi);
        try {
            Model m = Model.load(file, o);
            if (!o.rpcServers().isEmpty()) System.err.println(RpcOption.describe(m));
            return m;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
