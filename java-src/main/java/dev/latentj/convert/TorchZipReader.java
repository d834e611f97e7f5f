package dev.latentj.convert;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code torch.save} state dict ({@code pytorch_model.bin}, zip format) without Python and without
 * executing its pickle: {@link RestrictedUnpickler} + {@link TorchPickleHooks} accept only tensor
 * rebuilding, and every tensor is a zero-copy slice of the memory-mapped zip.
 * <p>Float tensors (F32/F16/BF16) are returned; integer and bool tensors (e.g. a {@code position_ids}
 * buffer) and non-tensor values are skipped with a note, since no converted model needs them.
 * Only contiguous row-major tensors are accepted; views with other strides are an error.
 */
public final class TorchZipReader {
    private static final System.Logger LOG = System.getLogger(TorchZipReader.class.getName());

    private TorchZipReader() {}

    /**
     * Reads the float tensors; skipped entries are logged as warnings. The mapping is freed by the GC.
     *
     * @param pytorchModelBin a torch.save zip
     * @return the float tensors by state-dict key, in pickle order
     * @throws IOException when the file cannot be mapped or is not a torch.save zip this reader supports
     *                     ({@link CheckpointFormatException}), or its pickle asks for more than tensor rebuilding
     *                     ({@link UnsafePickleException})
     */
    public static LinkedHashMap<String, SourceTensor> read(Path pytorchModelBin) throws IOException {
        TorchCheckpoint c = read(pytorchModelBin, Arena.ofAuto());
        for (String s : c.skipped()) LOG.log(System.Logger.Level.WARNING, pytorchModelBin.getFileName() + ": " + s);
        return c.tensors();
    }

    /**
     * Reads the float tensors and notes what was skipped.
     *
     * @param pytorchModelBin a torch.save zip
     * @param arena           owns the mapping; the tensors stay valid while it is open
     * @return the tensors and the skip notes
     * @throws IOException when the file cannot be mapped or is not a torch.save zip this reader supports
     *                     ({@link CheckpointFormatException}), or its pickle asks for more than tensor rebuilding
     *                     ({@link UnsafePickleException})
     */
    public static TorchCheckpoint read(Path pytorchModelBin, Arena arena) throws IOException {
        return read(MappedFile.map(pytorchModelBin, arena), pytorchModelBin.getFileName().toString());
    }

    /** Parses a torch.save zip already in memory ({@code where} names it in errors); tensors are slices of it. */
    static TorchCheckpoint read(MemorySegment file, String where) throws IOException {
        StoredZip zip;
        try {
            zip = StoredZip.open(file);
        } catch (CheckpointFormatException e) {
            throw new CheckpointFormatException(where + ": " + e.getMessage()
                    + " (legacy non-zip torch.save files are not supported; re-save with torch >= 1.6)");
        }
        String prefix = archivePrefix(zip, where);
        checkByteOrder(zip, prefix, where);

        String pkl = prefix + "data.pkl";
        Object root = RestrictedUnpickler.load(zip.slice(pkl), new TorchPickleHooks(where + ":" + pkl), where + ":" + pkl);
        if (!(root instanceof Map<?, ?> dict)) {
            throw new CheckpointFormatException(where + ": pickle holds a " + RestrictedUnpickler.describe(root)
                    + ", not a state dict");
        }
        LinkedHashMap<String, SourceTensor> tensors = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new CheckpointFormatException(where + ": state dict key is a " + RestrictedUnpickler.describe(e.getKey()));
            }
            if (!(e.getValue() instanceof TorchTensorRef ref)) {
                skipped.add(name + ": not a tensor (" + RestrictedUnpickler.describe(e.getValue()) + ")");
                continue;
            }
            var dtype = ref.storage().type().dtype();
            if (dtype.isEmpty()) {
                skipped.add(name + ": " + ref.storage().type() + " tensor skipped (only F32/F16/BF16 are converted)");
                continue;
            }
            tensors.put(name, new SourceTensor(name, dtype.get(), ref.size(), slice(zip, prefix, name, ref, where)));
        }
        return new TorchCheckpoint(tensors, skipped);
    }

    /** torch.save puts everything under one top-level folder ("archive/" or the file's stem). */
    private static String archivePrefix(StoredZip zip, String where) throws CheckpointFormatException {
        List<String> found = zip.names().stream()
                .filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length())
                .toList();
        if (found.size() != 1) {
            throw new CheckpointFormatException(where + ": expected one <folder>/data.pkl in the zip, found " + found.size()
                    + " (is this a torch.save file?)");
        }
        String pkl = found.get(0);
        return pkl.substring(0, pkl.length() - "data.pkl".length());
    }

    private static void checkByteOrder(StoredZip zip, String prefix, String where) throws CheckpointFormatException {
        if (!zip.contains(prefix + "byteorder")) return; // older writers: always little-endian
        MemorySegment b = zip.slice(prefix + "byteorder");
        String order = b.byteSize() > 16 ? "?" : new String(b.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII).strip();
        if (!order.equals("little")) {
            throw new CheckpointFormatException(where + ": byteorder is '" + order + "'; only little-endian checkpoints are supported");
        }
    }

    private static MemorySegment slice(StoredZip zip, String prefix, String name, TorchTensorRef ref, String where)
            throws CheckpointFormatException {
        String what = where + ": tensor " + name;
        long[] size = ref.size(), stride = ref.stride();
        if (size.length != stride.length) {
            throw new CheckpointFormatException(what + ": size " + Arrays.toString(size) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        try {
            long numel = 1;
            for (int i = size.length - 1; i >= 0; i--) {
                // Size-1 dimensions may carry any stride; everything else must be row-major contiguous.
                if (size[i] != 1 && stride[i] != numel) {
                    throw new CheckpointFormatException(what + ": stride " + Arrays.toString(stride) + " is not contiguous for size "
                            + Arrays.toString(size) + " (save tensors with .contiguous())");
                }
                numel = Math.multiplyExact(numel, size[i]);
            }
            TorchStorageRef s = ref.storage();
            String entry = prefix + "data/" + s.key();
            if (!zip.contains(entry)) throw new CheckpointFormatException(what + ": storage " + entry + " missing from the zip");
            MemorySegment storage = zip.slice(entry);
            long elem = s.type().elementBytes;
            long declared = Math.multiplyExact(s.numel(), elem);
            if (declared > storage.byteSize()) {
                throw new CheckpointFormatException(what + ": storage " + entry + " has " + storage.byteSize()
                        + " bytes, its persistent id declares " + s.numel() + " elements (" + declared + " bytes)");
            }
            long end = Math.addExact(ref.storageOffset(), numel);
            if (end > s.numel()) {
                throw new CheckpointFormatException(what + ": needs storage elements [" + ref.storageOffset() + ", " + end
                        + ") but storage " + s.key() + " has " + s.numel());
            }
            return storage.asSlice(ref.storageOffset() * elem, numel * elem);
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(what + ": size " + Arrays.toString(size) + " overflows");
        }
    }
}
