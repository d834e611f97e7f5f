package dev.latentj.tokenizer;

import dev.latentj.testing.LlamaVocabs;

import java.util.Arrays;

/** Prints pass/fail for every vocab in llama.cpp's set (a development aid, run with exec:java or from the IDE). */
public final class VocabSurvey {
    public static void main(String[] args) throws Exception {
        for (String name : LlamaVocabs.withTests()) {
            Tokenizer t;
            try {
                t = Tokenizer.fromGguf(LlamaVocabs.gguf(name));
            } catch (Exception e) {
                System.out.println(name + ": cannot load: " + e.getMessage());
                continue;
            }
            int pass = 0, total = 0, rt = 0;
            StringBuilder fails = new StringBuilder();
            for (var c : LlamaVocabs.cases(name)) {
                total++;
                int[] got = t.encode(c.text(), false, false);
                if (Arrays.equals(got, c.ids())) pass++;
                else if (fails.length() < 3000) fails.append("\n   #").append(c.index()).append(" ").append(escape(c.text()))
                        .append("\n     exp ").append(Arrays.toString(c.ids())).append("\n     got ").append(Arrays.toString(got));
                if (t.decode(got).equals(c.text())) rt++;
            }
            System.out.println(name + ": " + pass + "/" + total + " (roundtrip " + rt + "/" + total + ")" + fails);
        }
    }

    static String escape(String s) {
        return "'" + s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }
}
