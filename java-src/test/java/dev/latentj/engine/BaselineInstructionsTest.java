package dev.latentj.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped natives run on any x86-64: disassembled, liblatentj.so, libggml-base.so and the lowest CPU module
 * (libggml-cpu-x64.so) hold no instruction past the x86-64 baseline (SSE2): no AVX, AVX2, FMA or AVX-512 (a
 * VEX/EVEX "v" mnemonic on xmm, vzeroupper, any ymm/zmm/mask register), and none of SSE3, SSSE3, SSE4, POPCNT,
 * LZCNT, BMI1/2 or MOVBE. The one exception: the clones that GCC's target_clones makes of lj-reduce-cpu.cpp's loop
 * (symbols ending in .arch_x86_64_v3 / .arch_x86_64_v4), which the dynamic loader's resolver picks only on a CPU
 * with AVX2+FMA or AVX-512.
 */
class BaselineInstructionsTest {
    private static final Pattern FUNCTION = Pattern.compile("^[0-9a-f]+ <(.+)>:$");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s+[0-9a-f]+:\\s+(.*)$");
    private static final Pattern WIDE_REGISTER = Pattern.compile("%(ymm|zmm)\\d+|%k[0-7]\\b");
    private static final Set<String> BEYOND_SSE2 = Set.of(
            "addsubpd", "addsubps", "haddpd", "haddps", "hsubpd", "hsubps", "lddqu", "movddup", "movshdup", "movsldup",
            "fisttp", "pabsb", "pabsw", "pabsd", "palignr", "phaddw", "phaddd", "phaddsw", "phsubw", "phsubd", "phsubsw",
            "pmaddubsw", "pmulhrsw", "pshufb", "psignb", "psignw", "psignd", "blendpd", "blendps", "blendvpd", "blendvps",
            "dppd", "dpps", "extractps", "insertps", "movntdqa", "mpsadbw", "packusdw", "pblendvb", "pblendw", "pcmpeqq",
            "pextrb", "pextrd", "pextrq", "phminposuw", "pinsrb", "pinsrd", "pinsrq", "pmaxsb", "pmaxsd", "pmaxud",
            "pmaxuw", "pminsb", "pminsd", "pminud", "pminuw", "pmuldq", "pmulld", "ptest", "roundpd", "roundps",
            "roundsd", "roundss", "pcmpestri", "pcmpestrm", "pcmpistri", "pcmpistrm", "pcmpgtq", "popcnt", "lzcnt",
            "andn", "bextr", "blsi", "blsmsk", "blsr", "bzhi", "mulx", "pdep", "pext", "rorx", "sarx", "shlx", "shrx",
            "movbe", "vzeroupper", "vzeroall");
    private static final Pattern RUNTIME_CLONE = Pattern.compile("\\.arch_x86_64_v[34](\\.|$)");

    @Test
    void baselineLibrariesNeedNothingBeyondX8664() throws Exception {
        assumeTrue(CpuVariantTest.shippedLibraries().contains("libggml-cpu-x64.so"),
                "skipped: this build has no CPU variants (a LATENTJ_NATIVE or single-library build)");
        for (String lib : List.of("liblatentj.so", "libggml-base.so", "libggml-cpu-x64.so")) {
            Map<String, Integer> offending = beyondBaseline(disassemble(lib), true);
            assertEquals(Map.of(), offending, lib + ": functions with instructions past SSE2 (count each)");
        }
    }

    @Test
    void theScanFindsTheWiderVariantsAndTheClones() throws Exception {
        assumeTrue(CpuVariantTest.shippedLibraries().contains("libggml-cpu-haswell.so"), "skipped: no haswell module");
        assertFalse(beyondBaseline(disassemble("libggml-cpu-haswell.so"), true).isEmpty(), "haswell is built with AVX2");
        Map<String, Integer> all = beyondBaseline(disassemble("liblatentj.so"), false);
        assertFalse(all.isEmpty(), "liblatentj.so has the AVX2 and AVX-512 clones of the reduction");
        for (String f : all.keySet()) {
            assertFalse(!RUNTIME_CLONE.matcher(f).find(), "not a runtime-dispatched clone: " + f);
        }
    }

    /** Functions holding instructions past plain x86-64 (SSE2), with how many; clones allowed or not. */
    static Map<String, Integer> beyondBaseline(List<String> disassembly, boolean allowClones) {
        Map<String, Integer> found = new TreeMap<>();
        String function = "?";
        for (String line : disassembly) {
            Matcher f = FUNCTION.matcher(line);
            if (f.matches()) {
                function = f.group(1);
                continue;
            }
            Matcher i = INSTRUCTION.matcher(line);
            if (!i.matches() || (allowClones && RUNTIME_CLONE.matcher(function).find())) continue;
            String instruction = i.group(1);
            String mnemonic = instruction.split("\\s+")[0];
            boolean vex = mnemonic.startsWith("v") && instruction.contains("%xmm");
            boolean sse3to4 = BEYOND_SSE2.contains(mnemonic) || mnemonic.startsWith("pmovsx") || mnemonic.startsWith("pmovzx")
                    || mnemonic.startsWith("crc32");
            if (vex || sse3to4 || WIDE_REGISTER.matcher(instruction).find()) found.merge(function, 1, Integer::sum);
        }
        return found;
    }

    private static List<String> disassemble(String library) throws IOException, InterruptedException, URISyntaxException {
        URL url = BaselineInstructionsTest.class.getResource("/native/linux-x86_64/" + library);
        if (url == null) fail(library + " is not among the built natives");
        Path file = Path.of(url.toURI());
        Path out = Files.createTempFile("objdump", ".txt");
        try {
            Process p;
            try {
                p = new ProcessBuilder("objdump", "-d", "-w", "--no-show-raw-insn", file.toString())
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                if ("true".equals(System.getenv("CI"))) throw e;
                assumeTrue(false, "skipped: objdump (binutils) is not installed");
                throw e;
            }
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("objdump ran past two minutes on " + library);
            }
            assertEquals(0, p.exitValue(), "objdump " + library);
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
