package dev.latentj.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Loads liblatentj from the jar (native/&lt;os&gt;-&lt;arch&gt;/), so that no -Djava.library.path is needed.
 * The library is copied once to a content-addressed file under the user cache and loaded from there;
 * {@code -Dlatentj.library=/path/liblatentj.so} loads a given file instead (a CUDA build, say).
 */
public final class NativeLibrary {
    private static volatile boolean loaded;

    private NativeLibrary() {}

    public static synchronized void load() {
        if (loaded) return;
        String override = System.getProperty("latentj.library");
        Path path = override != null ? Path.of(override) : extract();
        System.load(path.toAbsolutePath().toString());
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

    private static Path extract() {
        String resource = "/native/" + platform() + "/liblatentj.so";
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("liblatentj.so is not in the jar (" + resource
                        + "): build with mvn package, or pass -Dlatentj.library=PATH");
            }
            byte[] bytes = in.readAllBytes();
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            Path dir = cacheDir().resolve("lib").resolve(digest);
            Path lib = dir.resolve("liblatentj.so");
            if (!Files.exists(lib) || Files.size(lib) != bytes.length) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "liblatentj", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return lib;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new UnsatisfiedLinkError("cannot extract liblatentj.so: " + e);
        }
    }

    private static Path cacheDir() {
        String env = System.getenv("LATENTJ_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "latentj");
    }
}
