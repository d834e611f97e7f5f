package dev.latentj.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Loads the native engine from the jar (native/&lt;os&gt;-&lt;arch&gt;/), so that no -Djava.library.path is needed.
 * The jar holds liblatentj.so, libggml-base.so and ggml's backend modules (a CPU module per instruction-set
 * level, a GPU module where built), listed in load order in libraries.txt. They are copied once into a
 * content-addressed directory under the user cache and loaded from there: liblatentj finds its neighbours
 * through its RPATH ($ORIGIN), then lj_init has ggml load the best CPU module this machine runs.
 * <ul>
 * <li>{@code -Dlatentj.library=/path/liblatentj.so} loads a given build instead (a CUDA build, say), with its
 *     modules beside it;</li>
 * <li>{@code -Dlatentj.cpu.variant=x64} (or the environment variable {@code LATENTJ_CPU_VARIANT}) loads that CPU
 *     module instead of the best one.</li>
 * </ul>
 */
public final class NativeLibrary {
    private static final String LIBRARY = "liblatentj.so";
    private static volatile boolean loaded;

    private NativeLibrary() {}

    /** Loads the library and its backends, once per process; {@link UnsatisfiedLinkError} says what failed. */
    public static synchronized void load() {
        if (loaded) return;
        String override = System.getProperty("latentj.library");
        Path path = override != null ? Path.of(override) : extract();
        System.load(path.toAbsolutePath().toString());
        initBackends(System.getProperty("latentj.cpu.variant"));
        loaded = true;
    }

    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new UnsupportedOperationException("latentj ships a native library for linux-x86_64 only (this is "
                    + os + "-" + arch + "); build one with cmake and pass -Dlatentj.library=PATH");
        }
        return "linux-x86_64";
    }

    /** Runs lj_init here: the generated bindings are not initialised yet while their class loads this library. */
    private static void initBackends(String cpuVariant) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lookup = SymbolLookup.loaderLookup();
        MemorySegment initSymbol = lookup.find("lj_init").orElse(null);
        if (initSymbol == null) return; // an older single-library build: its backends are linked in
        MethodHandle init = linker.downcallHandle(initSymbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MethodHandle lastError = linker.downcallHandle(symbol(lookup, "lj_last_error"),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment variant = cpuVariant == null ? MemorySegment.NULL : arena.allocateFrom(cpuVariant);
            int status = (int) init.invokeExact(variant);
            if (status != 0) {
                MemorySegment message = (MemorySegment) lastError.invokeExact();
                throw new UnsatisfiedLinkError("latentj: " + message.reinterpret(4096).getString(0));
            }
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("latentj: no symbol " + name));
    }

    private static Path extract() {
        String dir = "/native/" + platform() + "/";
        try {
            List<String> names = libraries(dir);
            // the directory is named by the digest of every file, so builds never mix and a copy is reused
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Long> sizes = new ArrayList<>();
            for (String name : names) {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                try (InputStream in = new DigestInputStream(open(dir + name), digest)) {
                    sizes.add(in.transferTo(OutputStream.nullOutputStream()));
                }
            }
            Path target = cacheDir().resolve("lib").resolve(HexFormat.of().formatHex(digest.digest()).substring(0, 16));
            Files.createDirectories(target);
            for (int i = 0; i < names.size(); i++) {
                Path file = target.resolve(names.get(i));
                if (Files.exists(file) && Files.size(file) == sizes.get(i)) continue;
                Path tmp = Files.createTempFile(target, names.get(i), ".tmp");
                try (InputStream in = open(dir + names.get(i))) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return target.resolve(LIBRARY);
        } catch (IOException | UncheckedIOException | NoSuchAlgorithmException e) {
            throw new UnsatisfiedLinkError("cannot extract latentj's native libraries: " + e);
        }
    }

    /** The files of libraries.txt; a jar with liblatentj.so alone (an older single-file build) has none. */
    private static List<String> libraries(String dir) throws IOException {
        try (InputStream list = NativeLibrary.class.getResourceAsStream(dir + "libraries.txt")) {
            if (list == null) return List.of(LIBRARY);
            return new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = NativeLibrary.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not in the jar: build with mvn package, or pass -Dlatentj.library=PATH");
        }
        return in;
    }

    private static Path cacheDir() {
        String env = System.getenv("LATENTJ_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "latentj");
    }
}
