package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.codi.CodiConfig;
import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.CheckpointLayout;
import dev.latentj.convert.TokenizerSource;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.engine.Backend;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.tokenizer.Tokenizer;
import dev.latentj.train.Checkpoint;
import dev.latentj.train.CodiExport;
import dev.latentj.train.CodiTokens;
import dev.latentj.train.CodiTraining;
import dev.latentj.train.Example;
import dev.latentj.train.LrSchedule;
import dev.latentj.train.RandomInit;
import dev.latentj.train.TrainConfig;
import dev.latentj.train.TrainData;
import dev.latentj.train.TrainItem;
import dev.latentj.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code latentj train codi}: CODI self-distillation (docs/codi-training.md) on the native engine. */
@Command(name = "codi", mixinStandardHelpOptions = true, sortOptions = false, version = Main.VERSION,
        description = "Train a model to reason in continuous thoughts with CODI: a teacher reads the chain of thought, "
                + "a student thinks in n latent steps and answers, and the student's hidden states at the answer "
                + "prompt's ':' are pulled toward the teacher's. loss = ce_student + kd_factor * kd + ce_teacher. "
                + "The output GGUF has the adapters merged and the CODI metadata set, for latentj run and bench.")
public final class TrainCodiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "SRC",
            description = "the model to train: a GGUF (F32, F16, BF16; a quantised one is dequantised to F32, for "
                    + "--random-init or a fine-tune from its rounded weights), or a Hugging Face / CODI checkpoint directory "
                    + "(converted to F32 first); a model without CODI's tokens gets pad, <|bocot|> and <|eocot|> appended")
    Path base;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "training problems: JSON Lines with question, cot and answer, or GSM8k-Aug iCoT text (question||cot #### answer)")
    Path data;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|jsonl|icot", description = "format of --data (default: ${DEFAULT-VALUE}, from the first line)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "MODEL.gguf", description = "the trained model (F32 GGUF)")
    Path out;

    @Option(names = "--random-init", description = "train from scratch: re-initialise every weight of the base (its shape, tokenizer and CODI tokens stay)")
    boolean randomInit;

    @Option(names = "--latents", defaultValue = "6", paramLabel = "N", description = "latent steps of the student (default: ${DEFAULT-VALUE})")
    int latents;

    @Option(names = "--lora-r", defaultValue = "128", paramLabel = "R", description = "LoRA rank on every attention and MLP linear (default: ${DEFAULT-VALUE}); the projection is trained in full")
    int loraR;

    @Option(names = "--lora-alpha", defaultValue = "32", paramLabel = "A", description = "LoRA alpha: adapters add (A/R) B A (default: ${DEFAULT-VALUE})")
    float loraAlpha;

    @Option(names = "--full", description = "train every tensor instead of LoRA adapters")
    boolean full;

    @Option(names = "--lr", defaultValue = "3e-3", paramLabel = "LR", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--warmup-ratio", defaultValue = "0.03", paramLabel = "F", description = "share of the steps that warm the learning rate up from 0 (default: ${DEFAULT-VALUE})")
    float warmupRatio;

    @Option(names = "--schedule", defaultValue = "cosine", paramLabel = "cosine|constant", description = "after warm-up: cosine to 0, or constant (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--weight-decay", defaultValue = "0.1", paramLabel = "W", description = "AdamW's decoupled weight decay (default: ${DEFAULT-VALUE})")
    float weightDecay;

    @Option(names = "--max-grad-norm", defaultValue = "2.0", paramLabel = "N", description = "clip the global gradient norm to N (default: ${DEFAULT-VALUE})")
    float maxGradNorm;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "B", description = "examples per micro-batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--grad-accum", defaultValue = "1", paramLabel = "K", description = "micro-batches per optimiser step (default: ${DEFAULT-VALUE})")
    int gradAccum;

    @Option(names = "--epochs", defaultValue = "1", paramLabel = "E", description = "passes over the data (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--steps", defaultValue = "0", paramLabel = "S", description = "optimiser steps; overrides --epochs when > 0 (default: ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "data order, LoRA and projection init, --random-init (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-shuffle", description = "take the examples in file order")
    boolean noShuffle;

    @Option(names = "--kd-factor", defaultValue = "20", paramLabel = "F", description = "weight of the distillation term (default: ${DEFAULT-VALUE}, CODI's GPT-2 and Llama recipe)")
    float kdFactor;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|cpu|cuda", description = "where to train (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "CPU threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json", description = "print one JSON line per optimiser step instead of the progress bar")
    boolean json;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "S",
            description = "save MODEL.gguf.ckpt every S steps (default: ${DEFAULT-VALUE}); Ctrl-C saves one too")
    long checkpointEvery;

    @Option(names = "--resume", description = "continue from MODEL.gguf.ckpt (the same base, data and settings)")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        TrainConfig cfg = config();
        Backend be = switch (backend.toLowerCase(Locale.ROOT)) {
            case "auto" -> Backend.AUTO;
            case "cpu" -> Backend.CPU;
            case "cuda", "gpu" -> Backend.CUDA;
            default -> throw usage("unknown backend '" + backend + "' (auto, cpu or cuda)");
        };
        TrainData.Format fmt = switch (format.toLowerCase(Locale.ROOT)) {
            case "auto" -> TrainData.Format.AUTO;
            case "jsonl" -> TrainData.Format.JSONL;
            case "icot" -> TrainData.Format.ICOT;
            default -> throw usage("unknown --format '" + format + "' (auto, jsonl or icot)");
        };
        if (!Files.exists(base)) throw new IOException("base model not found: " + base);
        if (!Files.isRegularFile(data)) throw new IOException("data file not found: " + data);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();

        Path tmpGguf = null, withTokens = null;
        try {
            Path baseGguf = base;
            if (Files.isDirectory(base) || !base.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
                tmpGguf = Files.createTempFile(out.toAbsolutePath().getParent(), "latentj-base", ".gguf");
                if (!json) err.println("converting " + base + " to F32 ...");
                Path dir = CheckpointLayout.detect(base).dir();
                CheckpointConverter.convert(base, tmpGguf, ConvertOptions.of(GgmlType.F32).withExtension(TokenizerSource.extension(dir, null)));
                baseGguf = tmpGguf;
            }
            try (GgufFile given = GgufFile.open(baseGguf)) {
                if (!given.metadata().has("tokenizer.ggml.tokens")) throw new IOException(base + " has no tokenizer to train with");
                if (!given.metadata().has("codi.bot_token_id")) {
                    // a plain model: CODI's train.py adds its pad, bot and eot tokens first
                    withTokens = Files.createTempFile(out.toAbsolutePath().getParent(), "latentj-codi-tokens", ".gguf");
                    CodiConfig c = CodiTokens.addTo(given, withTokens, latents);
                    if (!json) err.printf(Locale.ROOT, "added CODI's tokens: pad %d, bot %d, eot %d%n", c.padId(), c.botId(), c.eotId());
                }
            }
            return train(withTokens != null ? withTokens : baseGguf, cfg, be, fmt, err, stdout);
        } finally {
            if (tmpGguf != null) Files.deleteIfExists(tmpGguf);
            if (withTokens != null) Files.deleteIfExists(withTokens);
        }
    }

    private int train(Path baseGguf, TrainConfig cfg, Backend be, TrainData.Format fmt, PrintWriter err, PrintWriter stdout) throws IOException {
        try (GgufFile file = GgufFile.open(baseGguf)) {
            Tokenizer tok = Tokenizer.fromGguf(file);
            int nVocab = Math.toIntExact(file.tensor("token_embd.weight").orElseThrow(() -> new IOException("no token_embd.weight in " + base)).ne(1));
            CodiConfig codi = CodiConfig.from(file.metadata(), nVocab).orElseThrow();
            if (tok.eos() < 0) throw new IOException(base + ": the tokenizer has no EOS, which ends CODI's answers");
            List<TrainItem> items = TrainData.read(data, fmt);
            Example.Tokens ids = new Example.Tokens(codi.botId(), codi.eotId(), tok.eos(), codi.answerPrompt());
            List<Example> examples = new ArrayList<>(items.size());
            int maxPos = 0;
            for (TrainItem it : items) {
                Example e = Example.of(tok, ids, it);
                examples.add(e);
                maxPos = Math.max(maxPos, e.positions(latents));
            }
            Trainer.Options topt = new Trainer.Options(latents, kdFactor, full ? 0 : loraR, loraAlpha, seed, 0, be, threads);
            try (Trainer tr = Trainer.create(file, topt)) {
                if (maxPos > tr.config().nCtxTrain()) {
                    throw new IOException("an example needs " + maxPos + " positions, the model has " + tr.config().nCtxTrain());
                }
                if (randomInit) RandomInit.apply(tr, seed);
                CodiTraining run = new CodiTraining(tr, examples, cfg);
                Path ckpt = out.resolveSibling(out.getFileName() + ".ckpt");
                String fingerprint = fingerprint(file, items.size(), cfg, topt);
                if (resume) {
                    if (!Files.exists(ckpt)) throw new IOException("--resume: no checkpoint " + ckpt);
                    long at = Checkpoint.restore(tr, ckpt, fingerprint);
                    if (!json) err.println("resumed from " + ckpt + " at step " + at);
                }
                if (!json) {
                    err.printf(Locale.ROOT, "training %d examples on %s: %d steps of %d, %s%n", examples.size(), tr.backendName(),
                            run.totalSteps(), cfg.perStep(), full ? "every tensor" : "LoRA r " + loraR + ", alpha " + loraAlpha);
                }
                // Ctrl-C stops between steps: the hook holds the JVM until the checkpoint is written
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch settled = new CountDownLatch(1);
                Thread hook = new Thread(() -> {
                    stop.set(true);
                    try {
                        settled.await();
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                });
                Runtime.getRuntime().addShutdownHook(hook);
                TrainProgress progress = new TrainProgress(err, System.console() != null);
                ObjectMapper om = new ObjectMapper();
                boolean done;
                try {
                    done = run.run(s -> {
                        if (json) {
                            stdout.println(om.writeValueAsString(jsonLine(s)));
                            stdout.flush();
                        } else {
                            progress.update(s);
                        }
                        if (checkpointEvery > 0 && s.step() % checkpointEvery == 0 && s.step() < s.total()) {
                            Checkpoint.save(tr, ckpt, fingerprint);
                        }
                    }, stop::get);
                    if (!done) {
                        Checkpoint.save(tr, ckpt, fingerprint);
                        err.println("stopped at step " + tr.steps() + "; checkpoint " + ckpt + " (--resume continues)");
                        err.flush();
                        return 1;
                    }
                } finally {
                    settled.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException ignored) {
                        // the JVM is shutting down already
                    }
                }
                CodiExport.write(tr, file, codi, latents, out);
                Files.deleteIfExists(ckpt);
                if (!json) err.println("wrote " + out);
            }
        }
        return 0;
    }

    /** The --json contract: one object per optimiser step, these fields in this order. */
    static Map<String, Object> jsonLine(CodiTraining.Step s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("step", s.step());
        o.put("loss", s.loss());
        o.put("ce_student", s.ceStudent());
        o.put("ce_teacher", s.ceTeacher());
        o.put("kd", s.kd());
        o.put("lr", s.lr());
        o.put("grad_norm", s.gradNorm());
        return o;
    }

    private TrainConfig config() {
        LrSchedule.Kind kind = switch (schedule.toLowerCase(Locale.ROOT)) {
            case "cosine" -> LrSchedule.Kind.COSINE;
            case "constant" -> LrSchedule.Kind.CONSTANT;
            default -> throw usage("unknown --schedule '" + schedule + "' (cosine or constant)");
        };
        TrainConfig d = TrainConfig.defaults();
        try {
            return new TrainConfig(lr, warmupRatio, kind, weightDecay, maxGradNorm, d.beta1(), d.beta2(), d.eps(), batch,
                    gradAccum, epochs, steps, seed, !noShuffle);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    // what a checkpoint must share with the run that resumes it
    private String fingerprint(GgufFile base, int nExamples, TrainConfig cfg, Trainer.Options o) {
        return "base tensors " + base.tensors().size() + " random-init " + randomInit + " data " + nExamples + " " + cfg + " latents " + o.latents()
                + " kd " + o.kdFactor() + " lora " + o.loraR() + "/" + o.loraAlpha() + " seed " + o.seed();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
