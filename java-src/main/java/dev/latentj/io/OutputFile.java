package dev.latentj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Output files that appear whole or not at all, and never in place of an input. {@link #write} writes a hidden
 * temporary file beside the target and renames it over the target; the temporary file is deleted when writing
 * fails, and, through one shutdown hook, when the JVM is stopped mid-write (SIGINT, SIGTERM; nothing survives
 * SIGKILL). {@link #check} refuses, before any work starts, an output that cannot be written or that is one of the
 * inputs (by file identity, so a symlink or a hard link to an input counts).
 */
public final class OutputFile {
    /** What goes into the file. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param channel the temporary file, open for writing at position 0; {@link #write} closes it
         * @throws IOException when writing fails; the temporary file is then deleted and the target left as it was
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    // temporary files being written; guarded by itself, so the hook never runs between creating one and registering it
    private static final Set<Path> IN_FLIGHT = new HashSet<>();
    private static boolean stopping;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputFile::deleteInFlight, "latentj-output-cleanup"));
    }

    private OutputFile() {}

    /**
     * Fails with a message naming {@code target} when it cannot be an output: a directory, in a folder that does not
     * exist or cannot be written, or the same file as one of {@code inputs} (paths that do not exist are ignored).
     *
     * @param target the output to be
     * @param inputs the files the command reads; null entries are ignored
     * @throws IOException naming {@code target} and the reason it cannot be an output
     */
    public static void check(Path target, Collection<Path> inputs) throws IOException {
        if (Files.isDirectory(target)) throw new FileSystemException(target.toString(), null, "is a directory, expected a file");
        Path dir = folderOf(target);
        if (!Files.exists(dir)) throw new FileSystemException(target.toString(), null, "folder " + dir + " does not exist");
        if (!Files.isDirectory(dir)) throw new FileSystemException(target.toString(), null, dir + " is not a folder");
        if (!Files.isWritable(dir)) throw new FileSystemException(target.toString(), null, "folder " + dir + " is not writable");
        if (!Files.exists(target)) return; // an input exists, so a new file is none of them
        for (Path in : inputs) {
            if (in != null && Files.exists(in) && Files.isSameFile(target, in)) {
                throw new FileSystemException(target.toString(), null, "is an input (" + in + "); it is never overwritten");
            }
        }
    }

    /**
     * Writes {@code target} atomically: a reader sees the old file or the whole new one, never a part.
     *
     * @param target  the file to write or replace
     * @param content writes the bytes
     * @throws IOException when the folder does not exist, the JVM is shutting down, or writing or renaming fails;
     *                     the target is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = create(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(false);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            synchronized (IN_FLIGHT) {
                IN_FLIGHT.remove(tmp);
            }
        }
    }

    /**
     * {@link #write} of a UTF-8 text.
     *
     * @param target the file to write or replace
     * @param text   written as UTF-8, without a byte-order mark
     * @throws IOException as {@link #write}
     */
    public static void writeString(Path target, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        write(target, ch -> {
            while (bytes.hasRemaining()) ch.write(bytes);
        });
    }

    /** Creates and registers the hidden temporary file ".NAME.HEX.tmp" beside the target. */
    private static Path create(Path target) throws IOException {
        Path dir = folderOf(target);
        if (!Files.isDirectory(dir)) throw new FileSystemException(target.toString(), null, "folder " + dir + " does not exist");
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        synchronized (IN_FLIGHT) {
            if (stopping) throw new IOException("not writing " + target + ": the JVM is shutting down");
            // CREATE_NEW rather than createTempFile, so the output gets the umask's permissions rather than 0600
            try (FileChannel ignored = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                IN_FLIGHT.add(tmp);
            }
        }
        return tmp;
    }

    private static Path folderOf(Path target) {
        return target.toAbsolutePath().getParent();
    }

    private static void deleteInFlight() {
        synchronized (IN_FLIGHT) {
            stopping = true;
            for (Path tmp : IN_FLIGHT) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the JVM is going down: nothing left to report it to
                }
            }
        }
    }
}
