package dev.latentj.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Input files checked before they are opened, so that an error names the path and what was expected: a
 * directory or a FIFO is refused up front (mapping a directory fails with "No such device", opening a FIFO waits
 * forever), and text is strict UTF-8 whatever the locale, with the offset of the first bad byte.
 */
public final class InputFile {
    private InputFile() {}

    /**
     * Fails unless {@code path} is an existing regular file.
     *
     * @param path     the file to check
     * @param expected what it should be, for the message ("a GGUF file")
     * @return {@code path}
     * @throws IOException naming the path when it does not exist, is a directory or is not a regular file
     */
    public static Path requireRegularFile(Path path, String expected) throws IOException {
        if (Files.isRegularFile(path)) return path;
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such file, expected " + expected);
        if (Files.isDirectory(path)) throw new FileSystemException(path.toString(), null, "is a directory, expected " + expected);
        throw new FileSystemException(path.toString(), null, "is not a regular file, expected " + expected);
    }

    /**
     * {@return the text of a UTF-8 file} A leading byte-order mark is kept, as it is a character of the text.
     *
     * @param path a regular file
     * @throws IOException when it is not a regular file, cannot be read, or is not UTF-8 (with the offset of the
     *                     first bad byte)
     */
    public static String readUtf8(Path path) throws IOException {
        requireRegularFile(path, "a UTF-8 text file");
        return decodeUtf8(Files.readAllBytes(path), path.toString());
    }

    /**
     * {@return the text of a UTF-8 stream, such as standard input, read to its end}
     *
     * @param in   the stream; not closed
     * @param name what errors call it
     * @throws IOException when it cannot be read or is not UTF-8 (with the offset of the first bad byte)
     */
    public static String readUtf8(InputStream in, String name) throws IOException {
        return decodeUtf8(in.readAllBytes(), name);
    }

    static String decodeUtf8(byte[] bytes, String name) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            throw new FileSystemException(name, null, String.format("not UTF-8 text: byte 0x%02X at offset %d",
                    bytes[in.position()] & 0xff, in.position()));
        }
        return out.flip().toString();
    }
}
