package dev.latentj.cli;

import picocli.CommandLine;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * latentj reads and writes UTF-8 whatever the locale, so a prompt gives the same tokens under LANG=C as under
 * en_US.UTF-8. The JVM decodes arguments with the locale's charset (sun.jnu.encoding) and, under an ASCII locale,
 * turns every non-ASCII byte into U+FFFD before main runs; the bytes are still in /proc/self/cmdline.
 */
final class Utf8Terminal {
    private Utf8Terminal() {}

    /** Standard output and error as UTF-8 (the JVM's default follows the locale: '?' for non-ASCII under LANG=C). */
    static void install() {
        System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err)), true, StandardCharsets.UTF_8));
    }

    /** A UTF-8 writer over a stream, for picocli's output. */
    static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /**
     * The arguments as UTF-8: {@code args} itself when the JVM already decoded them as UTF-8, else the same
     * arguments re-read from /proc/self/cmdline, provided each one decodes under the locale's charset to exactly
     * what the JVM passed (so they are the same arguments); otherwise {@code args} unchanged.
     */
    static String[] arguments(String[] args) {
        Charset platform;
        try {
            platform = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return args;
        }
        if (platform.equals(StandardCharsets.UTF_8) || args.length == 0) return args;
        List<byte[]> raw;
        try {
            raw = split(Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | RuntimeException e) {
            return args;
        }
        if (raw.size() < args.length) return args;
        List<byte[]> tail = raw.subList(raw.size() - args.length, raw.size());
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            if (!new String(tail.get(i), platform).equals(args[i])) return args;
            out[i] = new String(tail.get(i), StandardCharsets.UTF_8);
        }
        return out;
    }

    /**
     * A path argument. The JDK names files in the locale's charset, so under LANG=C a non-ASCII file name cannot
     * be opened at all; bin/latentj runs the JVM under a UTF-8 locale for that reason.
     */
    static Path path(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a file name under this locale's charset ("
                    + System.getProperty("sun.jnu.encoding") + "); run under a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
        }
    }

    /** The NUL-terminated strings of a /proc cmdline. */
    private static List<byte[]> split(byte[] cmdline) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                parts.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (start < cmdline.length) parts.add(Arrays.copyOfRange(cmdline, start, cmdline.length));
        return parts;
    }
}
