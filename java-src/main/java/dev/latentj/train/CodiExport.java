package dev.latentj.train;

import dev.latentj.codi.CodiConfig;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes a trained model as a GGUF that {@code latentj run} and {@code bench} take as is: the base's metadata
 * (architecture, tokenizer), every weight in F32 with LoRA adapters merged, and CODI's metadata.
 */
public final class CodiExport {
    private CodiExport() {}

    /** llama.cpp's LLAMA_FTYPE_ALL_F32 */
    private static final int FILE_TYPE_ALL_F32 = 0;

    /**
     * Writes the trained model.
     *
     * @param tr      the trainer
     * @param base    the model it started from (metadata and tokenizer)
     * @param codi    the CODI ids and answer prompt
     * @param latents the latent steps it was trained with
     * @param out     the GGUF to write
     * @throws IOException when it cannot be written
     */
    public static void write(Trainer tr, GgufFile base, CodiConfig codi, int latents, Path out) throws IOException {
        GgufWriter w = new GgufWriter();
        for (Map.Entry<String, GgufMetadata.Value> e : base.metadata().asMap().entrySet()) {
            if (!e.getKey().startsWith("codi.") && !e.getKey().equals("general.file_type")) {
                w.put(e.getKey(), e.getValue().type(), e.getValue().value());
            }
        }
        w.putU32("general.file_type", FILE_TYPE_ALL_F32);
        Trainer.TensorInfo fc1 = tr.info("codi.prj.fc1.weight");
        w.putU32("codi.bot_token_id", codi.botId());
        w.putU32("codi.eot_token_id", codi.eotId());
        if (codi.padId() >= 0) w.putU32("codi.pad_token_id", codi.padId());
        w.putU32("codi.num_latent", latents);
        w.putU32("codi.prj_dim", fc1.ne()[1]);
        w.putBool("codi.prj_layernorm", tr.tensors().stream().anyMatch(t -> t.name().equals("codi.prj.ln.weight")));
        w.putF32("codi.prj_layernorm_eps", base.metadata().getFloatOrDefault("codi.prj_layernorm_eps", 1e-5f));
        w.putString("codi.answer_prompt", codi.answerPrompt());
        for (Trainer.TensorInfo t : tr.tensors()) {
            if (t.name().endsWith(".lora_a") || t.name().endsWith(".lora_b")) continue;
            w.addTensor(t.name(), GgmlType.F32, t.ne(), TensorBytes.f32(() -> tr.get(t.name(), Trainer.Slot.MERGED)));
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        Files.deleteIfExists(tmp);
        w.write(tmp);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
