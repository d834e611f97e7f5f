package dev.latentj.convert;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * What {@link TorchZipReader} found: float tensors in pickle order, and a note for each entry it skipped
 * (integer/bool buffers such as position_ids, non-tensor values). Tensors are slices of a mapping that
 * lives as long as the arena given to the reader.
 *
 * @param tensors the float tensors by state-dict key, in pickle order
 * @param skipped one note per skipped entry, naming it and why
 */
public record TorchCheckpoint(LinkedHashMap<String, SourceTensor> tensors, List<String> skipped) {
    /** Copies the notes. */
    public TorchCheckpoint {
        skipped = List.copyOf(skipped);
    }
}
