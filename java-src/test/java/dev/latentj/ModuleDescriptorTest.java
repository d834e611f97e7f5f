package dev.latentj;

import dev.latentj.engine.Model;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module dev.latentj exports the library's API and nothing else, and the javadoc jar documents exactly that. */
class ModuleDescriptorTest {
    private static final Set<String> API = Set.of("codi", "convert", "cot", "engine", "gguf", "params", "reason", "sampling", "soft",
            "tokenizer", "train");

    @Test
    void exportsTheApiPackagesOnlyAndNoneOpenly() throws Exception {
        ModuleDescriptor module = descriptor();
        assertEquals("dev.latentj", module.name());
        Set<String> exported = module.exports().stream().peek(e -> assertTrue(!e.isQualified(), e.toString()))
                .map(e -> e.source().substring("dev.latentj.".length())).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(API), exported);
        module.opens().forEach(o -> assertTrue(o.isQualified(), "opened to everyone: " + o));
        assertTrue(module.requires().stream().anyMatch(r -> r.name().equals("info.picocli")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)), "picocli is the CLI's only");
    }

    @Test
    void javadocExcludesExactlyTheUnexportedPackages() throws IOException {
        Matcher m = Pattern.compile("<excludePackageNames>([^<]*)</excludePackageNames>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "pom.xml: maven-javadoc-plugin excludePackageNames");
        Set<String> excluded = Arrays.stream(m.group(1).split(":")).map(String::strip).collect(Collectors.toSet());
        Set<String> unexported;
        try (Stream<Path> dirs = Files.list(Path.of("java-src/main/java/dev/latentj"))) {
            unexported = dirs.map(d -> d.getFileName().toString()).filter(p -> !API.contains(p))
                    .map(p -> "dev.latentj." + p).collect(Collectors.toSet());
        }
        assertEquals(new TreeSet<>(unexported), new TreeSet<>(excluded));
    }

    /** The compiled module-info.class beside the library's classes (a resource lookup would find the JDK's). */
    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }
}
