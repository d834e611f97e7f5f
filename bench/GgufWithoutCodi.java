// A copy of a CODI GGUF without its projection tensors (codi.*), for tools that reject tensors they do not know,
// such as llama.cpp, which counts a model's tensors. The codi.* metadata stays: llama.cpp ignores unknown keys.
//
//   java -cp target/latentj.jar bench/GgufWithoutCodi.java models/codi-gpt2-tiny-q8_0.gguf /tmp/gpt2-tiny-tokens.gguf

import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.gguf.GgufWriter;

import java.nio.file.Path;

public class GgufWithoutCodi {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: GgufWithoutCodi IN.gguf OUT.gguf");
            System.exit(2);
        }
        try (GgufFile f = GgufFile.open(Path.of(args[0]))) {
            GgufWriter w = new GgufWriter();
            f.metadata().asMap().forEach((k, v) -> w.put(k, v.type(), v.value()));
            int dropped = 0;
            for (GgufTensorInfo t : f.tensors()) {
                if (t.name().startsWith("codi.")) dropped++;
                else w.addTensor(t.name(), t.type(), t.ne(), f.tensorData(t));
            }
            w.write(Path.of(args[1]));
            System.err.println("wrote " + args[1] + ": " + w.tensorCount() + " tensors, " + dropped + " codi.* dropped");
        }
    }
}
