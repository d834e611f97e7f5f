package dev.latentj.engine;

import java.util.Locale;

/** The architectures the native engine builds graphs for; names are GGUF's general.architecture. */
public enum Arch {
    GPT2(0), LLAMA(1), QWEN2(2), QWEN3(3);

    /** lj_arch value in latentj.h. */
    public final int id;

    Arch(int id) { this.id = id; }

    public String ggufName() { return name().toLowerCase(Locale.ROOT); }

    public static Arch fromGguf(String name) {
        for (Arch a : values()) {
            if (a.ggufName().equals(name)) return a;
        }
        throw new IllegalArgumentException("unsupported architecture '" + name + "' (supported: gpt2, llama, qwen2, qwen3)");
    }
}
