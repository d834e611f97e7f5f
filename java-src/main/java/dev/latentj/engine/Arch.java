package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

/**
 * An architecture the native engine runs, looked up by its GGUF {@code general.architecture} name in the
 * engine's registry (one {@code native/src/models/<arch>.cpp} each), so that nothing on the Java side lists them.
 *
 * @param id        the registry's id ({@code lj_model_params.arch})
 * @param ggufName  {@code general.architecture}, the prefix of its hyper-parameter keys
 * @param layerNorm LayerNorm blocks (epsilon key {@code attention.layer_norm_epsilon}) rather than RMSNorm
 *                  ({@code attention.layer_norm_rms_epsilon})
 */
public record Arch(int id, String ggufName, boolean layerNorm) {

    private static final List<String> SUPPORTED = names();

    /**
     * Looks an architecture up by its GGUF name.
     *
     * @param name the file's {@code general.architecture}, for example {@code "llama"} or {@code "gpt2"}
     * @return the architecture, with the engine's id and norm kind
     * @throws IllegalArgumentException if this build has no graph for {@code name}; the message lists those it has
     */
    public static Arch fromGguf(String name) {
        if (!isSupported(name)) {
            throw new IllegalArgumentException("unsupported architecture '" + name + "' (supported: " + String.join(", ", SUPPORTED) + ")");
        }
        int id;
        try (Arena arena = Arena.ofConfined()) {
            id = latentj_h.lj_arch_by_name(arena.allocateFrom(name));
        }
        return new Arch(id, name, latentj_h.lj_arch_norm(id) == latentj_h.LJ_NORM_LAYER());
    }

    /** {@return the GGUF names of the architectures this build runs, in registry order; unmodifiable} */
    public static List<String> supported() { return SUPPORTED; }

    /**
     * {@return whether this build has a graph for {@code name}}
     *
     * @param name a {@code general.architecture} value; null is never supported
     */
    public static boolean isSupported(String name) { return SUPPORTED.contains(name); }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < latentj_h.lj_arch_count(); i++) names.add(latentj_h.lj_arch_name(i).reinterpret(256).getString(0));
        return List.copyOf(names);
    }
}
