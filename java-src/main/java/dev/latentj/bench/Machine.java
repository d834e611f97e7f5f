package dev.latentj.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a bench ran on, for results.json: figures from two runs only compare when this says where
 * each came from.
 *
 * @param cpu   the CPU model as /proc/cpuinfo names it, or the JVM's os.arch where that file is missing
 * @param cores the cores the JVM may use
 * @param os    operating system, kernel version and architecture
 * @param java  the JVM's version
 */
public record Machine(String cpu, int cores, String os, String java) {

    public static Machine current() {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), os,
                System.getProperty("java.version"));
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc is hidden: the architecture is the best we know
        }
        return System.getProperty("os.arch");
    }
}
