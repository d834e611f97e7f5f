package dev.latentj.train;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A run's state as a GGUF: every trained tensor with its AdamW moments ({@code NAME}, {@code NAME.adam_m},
 * {@code NAME.adam_v}), the optimiser step, and a fingerprint of the run (base, data, settings), so that a
 * checkpoint only resumes the run it came from. The data order is a function of the seed and the step, so
 * nothing else is needed to continue exactly.
 */
public final class Checkpoint {
    static final String STEPS = "latentj.train.steps";
    static final String FINGERPRINT = "latentj.train.fingerprint";

    private Checkpoint() {}

    /**
     * Writes the trainable tensors, their AdamW moments and the step, atomically.
     *
     * @param tr          the trainer
     * @param path        the checkpoint file
     * @param fingerprint what a resuming run must share with this one
     * @throws IOException when it cannot be written
     */
    public static void save(Trainer tr, Path path, String fingerprint) throws IOException {
        GgufWriter w = new GgufWriter();
        w.putU64(STEPS, tr.steps());
        w.putString(FINGERPRINT, fingerprint);
        for (Trainer.TensorInfo t : tr.tensors()) {
            if (!t.trainable()) continue;
            w.addTensor(t.name(), GgmlType.F32, t.ne(), TensorBytes.f32(() -> tr.get(t.name(), Trainer.Slot.VALUE)));
            w.addTensor(t.name() + ".adam_m", GgmlType.F32, t.ne(), TensorBytes.f32(() -> tr.get(t.name(), Trainer.Slot.ADAM_M)));
            w.addTensor(t.name() + ".adam_v", GgmlType.F32, t.ne(), TensorBytes.f32(() -> tr.get(t.name(), Trainer.Slot.ADAM_V)));
        }
        // written beside and moved over: a crash mid-write leaves the previous checkpoint intact
        Path tmp = path.resolveSibling(path.getFileName() + ".partial");
        Files.deleteIfExists(tmp);
        w.write(tmp);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads a checkpoint into the trainer.
     *
     * @param tr          the trainer, made as for the run that saved it
     * @param path        the checkpoint file
     * @param fingerprint must equal the saved one
     * @return the checkpoint's step
     * @throws IOException when it cannot be read or belongs to another run
     */
    public static long restore(Trainer tr, Path path, String fingerprint) throws IOException {
        try (GgufFile f = GgufFile.open(path)) {
            GgufMetadata md = f.metadata();
            if (!md.has(FINGERPRINT) || !md.has(STEPS)) throw new IOException(path + ": not a latentj training checkpoint");
            if (!md.getString(FINGERPRINT).equals(fingerprint)) {
                throw new IOException(path + ": checkpoint of another run (base, data or settings differ); remove it or change --out");
            }
            for (Trainer.TensorInfo t : tr.tensors()) {
                if (!t.trainable()) continue;
                tr.set(t.name(), Trainer.Slot.VALUE, read(f, t.name(), t));
                tr.set(t.name(), Trainer.Slot.ADAM_M, read(f, t.name() + ".adam_m", t));
                tr.set(t.name(), Trainer.Slot.ADAM_V, read(f, t.name() + ".adam_v", t));
            }
            long steps = md.getLong(STEPS);
            tr.setSteps(steps);
            return steps;
        }
    }

    private static float[] read(GgufFile f, String name, Trainer.TensorInfo like) throws IOException {
        var info = f.tensor(name).orElseThrow(() -> new IOException("checkpoint has no tensor '" + name + "'"));
        if (info.type() != GgmlType.F32 || info.byteSize() != like.elements() * Float.BYTES) {
            throw new IOException("checkpoint tensor '" + name + "' does not match the model");
        }
        float[] v = new float[Math.toIntExact(like.elements())];
        ByteBuffer b = f.tensorData(info).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().get(v);
        return v;
    }
}
