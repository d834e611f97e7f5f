package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.io.InputFile;
import dev.latentj.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code latentj tokenize}: prints the token ids of a text under a GGUF file's tokenizer. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print the token ids of TEXT (or of a file) under the tokenizer of a GGUF model.")
public final class TokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
            description = "GGUF file (a model or a vocab-only file); only its tokenizer metadata is read")
    Path model;

    @Option(names = "--json", description = "print {\"ids\": [...], \"pieces\": [...]}")
    boolean json;

    @Option(names = "--special", description = "parse control tokens written in the text (chat templates, <think>)")
    boolean special;

    @Option(names = "--no-bos", description = "do not add BOS/EOS even if the GGUF asks for them")
    boolean noBos;

    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @Parameters(paramLabel = "TEXT", description = "the text")
        String text;

        @Option(names = "--file", paramLabel = "F", description = "read the text from file F (UTF-8, as is; - reads standard input)")
        Path file;
    }

    @Override
    public Integer call() throws Exception {
        String text = input.file == null ? input.text
                : input.file.toString().equals("-") ? InputFile.readUtf8(System.in, "standard input") : InputFile.readUtf8(input.file);
        Tokenizer t = Tokenizer.fromGguf(model);
        int[] ids = t.encode(text, !noBos, special);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<String> pieces = new ArrayList<>(ids.length);
            for (int id : ids) pieces.add(new String(t.tokenBytes(id), StandardCharsets.UTF_8));
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("ids", ids);
            o.put("pieces", pieces);
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.println(java.util.Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        }
        out.flush();
        return 0;
    }
}
