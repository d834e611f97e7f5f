package dev.latentj.convert;

import java.util.Optional;

/**
 * The typed-storage classes torch.save names in persistent ids ({@code torch.FloatStorage}, ...).
 * They are inert tags, safe to allow; only F32/F16/BF16 map to a {@link SourceTensor.DType}, the
 * others (int buffers such as position_ids) are recognised so the reader can skip them by name.
 */
enum TorchStorageType {
    FloatStorage(SourceTensor.DType.F32, 4),
    HalfStorage(SourceTensor.DType.F16, 2),
    BFloat16Storage(SourceTensor.DType.BF16, 2),
    DoubleStorage(null, 8),
    LongStorage(null, 8),
    IntStorage(null, 4),
    ShortStorage(null, 2),
    CharStorage(null, 1),
    ByteStorage(null, 1),
    BoolStorage(null, 1);

    private final SourceTensor.DType dtype;
    final int elementBytes;

    TorchStorageType(SourceTensor.DType dtype, int elementBytes) {
        this.dtype = dtype;
        this.elementBytes = elementBytes;
    }

    Optional<SourceTensor.DType> dtype() { return Optional.ofNullable(dtype); }

    static Optional<TorchStorageType> of(String module, String name) {
        if (!module.equals("torch")) return Optional.empty();
        for (TorchStorageType t : values()) if (t.name().equals(name)) return Optional.of(t);
        return Optional.empty();
    }
}
