package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Architectures come from the native registry, by GGUF name; Java keeps no list of them. */
class ArchTest {

    @Test
    void theRegistryNamesEachArchitectureOnce() {
        List<String> names = Arch.supported();
        assertTrue(names.containsAll(List.of("gpt2", "llama", "qwen2", "qwen3")), names.toString());
        assertEquals(names.size(), names.stream().distinct().count(), names.toString());
        for (String name : names) {
            Arch a = Arch.fromGguf(name);
            assertEquals(name, a.ggufName());
            assertEquals(name, latentj_h.lj_arch_name(a.id()).reinterpret(256).getString(0));
        }
        assertEquals(0L, latentj_h.lj_arch_name(names.size()).address(), "past the registry: NULL");
    }

    @Test
    void normKindsAndUnknownNames() {
        assertTrue(Arch.fromGguf("gpt2").layerNorm());
        assertFalse(Arch.fromGguf("qwen3").layerNorm());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arch.fromGguf("mamba"));
        assertTrue(e.getMessage().startsWith("unsupported architecture 'mamba' (supported: gpt2, llama"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Arch.fromGguf("gpt2\0"));
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(-1, latentj_h.lj_arch_by_name(arena.allocateFrom("mamba")));
        }
        assertEquals(-1, latentj_h.lj_arch_norm(-1));
    }
}
