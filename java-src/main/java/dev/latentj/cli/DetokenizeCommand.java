package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code latentj detokenize}: the text of token ids under a GGUF file's tokenizer. */
@Command(name = "detokenize", mixinStandardHelpOptions = true,
        description = "Print the text of token ids (IDS... or --ids 1,2,3) under the tokenizer of a GGUF model.")
public final class DetokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
            description = "GGUF file (a model or a vocab-only file); only its tokenizer metadata is read")
    Path model;

    @Option(names = "--json", description = "print {\"text\": \"...\"}")
    boolean json;

    @Option(names = "--special", description = "print control tokens (BOS, <|im_end|>, ...) as their text")
    boolean special;

    @Option(names = "--ids", split = ",", paramLabel = "ID", description = "comma-separated ids")
    List<String> idOption = new ArrayList<>();

    @Parameters(paramLabel = "IDS", description = "token ids (spaces or commas)")
    List<String> idParams = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> all = new ArrayList<>(idOption);
        for (String p : idParams) all.addAll(List.of(p.split("[,\\s]+")));
        all.removeIf(String::isBlank);
        if (all.isEmpty()) throw new ParameterException(spec.commandLine(), "no token ids given (IDS... or --ids 1,2,3)");
        int[] ids = new int[all.size()];
        for (int i = 0; i < ids.length; i++) {
            try {
                ids[i] = Integer.parseInt(all.get(i).strip());
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "not a token id: '" + all.get(i) + "'");
            }
        }
        Tokenizer t = Tokenizer.fromGguf(model);
        String text = t.decode(ids, special);
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(new ObjectMapper().writeValueAsString(Map.of("text", text)));
        else out.println(text);
        out.flush();
        return 0;
    }
}
