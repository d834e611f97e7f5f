package dev.latentj.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.latentj.testing.Fixtures.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetLoaderTest {
    @TempDir
    Path dir;

    /** Each shared dataset recognised by auto: row count, first gold, and what the layout was taken for. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "data/gsm8k/test.jsonl,                    1319, 18,       question/answer",
            "data/svamp/SVAMP.json,                    1000, 51,       SVAMP Body/Question/Answer",
            "data/multiarith/mawpsmultiarith.jsonl,     600, 39,       PAL input/target",
            "data/gsm_hard/gsmhardv2.jsonl,            1319, -9867630, PAL input/target",
            "data/gsm8k_aug_icot/test.txt,             1319, 18,       iCoT",
            "fixtures/synth/codi-synth-dev.jsonl,       500, 38,       question/answer",
    })
    void autoRecognisesSharedData(String file, int rows, double firstGold, String layout) {
        Dataset d = DatasetLoader.load(shared(file), DatasetFormat.AUTO);
        assertEquals(rows, d.size(), file);
        assertEquals(firstGold, d.problems().getFirst().gold(), 0.0, file);
        assertTrue(d.layout().contains(layout), d.layout());
        for (int i = 0; i < d.size(); i++) assertEquals(i, d.problems().get(i).index());
    }

    @Test
    void gsm8kGoldsHandleCommasAndNegatives() {
        List<Problem> ps = DatasetLoader.load(shared("data/gsm8k/test.jsonl"), DatasetFormat.GSM8K).problems();
        assertEquals(2, ps.stream().filter(p -> p.gold() < 0).count());
        assertEquals(14, ps.stream().filter(p -> p.goldText().substring(p.goldText().lastIndexOf("####")).contains(","))
                .count());
        ps.forEach(p -> assertEquals(Math.rint(p.gold()), p.gold(), 0.0, "GSM8K answers are integers"));
    }

    @Test
    void questionsGetCodisNormalisation() {
        List<Problem> ps = DatasetLoader.load(shared("data/gsm8k/test.jsonl"), DatasetFormat.AUTO).problems();
        ps.forEach(p -> assertEquals(p.question().strip(), p.question(), "index " + p.index()));
        assertEquals("a b  c", DatasetLoader.normalise("  a  b    c \n"));
    }

    @Test
    void icotMatchesGsm8kAndKeepsTheCot() {
        List<Problem> gsm = DatasetLoader.load(shared("data/gsm8k/test.jsonl"), DatasetFormat.AUTO).problems();
        List<Problem> icot = DatasetLoader.load(shared("data/gsm8k_aug_icot/test.txt"), DatasetFormat.ICOT).problems();
        for (int i = 0; i < gsm.size(); i++) assertEquals(gsm.get(i).gold(), icot.get(i).gold(), 0.0, "row " + i);
        assertEquals("<<16-3-4=9>> <<9*2=18>>", icot.getFirst().extra("cot"));
    }

    @Test
    void svampJoinsBodyAndQuestion() {
        Problem p = DatasetLoader.load(shared("data/svamp/SVAMP.json"), DatasetFormat.SVAMP).problems().getFirst();
        assertEquals("Each pack of dvds costs 76 dollars. If there is a discount of 25 dollars on each pack "
                + "How much do you have to pay to buy each pack?", p.question());
        assertEquals("chal-1", p.extra("ID"));
    }

    @Test
    void gsmHardKeepsFloatsAndCode() {
        List<Problem> ps = DatasetLoader.load(shared("data/gsm_hard/gsmhardv2.jsonl"), DatasetFormat.PAL).problems();
        assertEquals(303, ps.stream().filter(p -> p.gold() != Math.rint(p.gold())).count());
        assertTrue(ps.getFirst().extra("code").contains("def solution"));
    }

    @Test
    void synthDevKeepsReferenceTexts() {
        Problem p = DatasetLoader.load(shared("fixtures/synth/codi-synth-dev.jsonl"), DatasetFormat.JSONL)
                .problems().getFirst();
        assertEquals("The answer is: 35", p.extra("reference_codi_text"));
        assertEquals("<<8*9=72>>The answer is: 35", p.extra("reference_cot_text"));
        assertEquals("1", p.extra("template"));
        assertEquals("38", p.goldText());
    }

    @Test
    void limitTakesTheFirstRowsAndReadsNoFurther() throws IOException {
        Path f = write("a.jsonl", """
                {"question": "q0", "answer": "1"}
                {"question": "q1", "answer": 2.5}
                this line is never read
                """);
        Dataset d = DatasetLoader.load(f, DatasetFormat.AUTO, 2);
        assertEquals(List.of(1.0, 2.5), d.problems().stream().map(Problem::gold).toList());
        assertEquals("q1", d.problems().get(1).question());
    }

    @Test
    void hfFieldNamesAreRecognised() throws IOException {
        Path hard = write("hard.jsonl", "{\"instruction\": \"q\", \"response\": \"-1.5\"}\n");
        assertEquals(-1.5, DatasetLoader.load(hard, DatasetFormat.AUTO).problems().getFirst().gold());
        Path arith = write("arith.jsonl", "{\"question\": \"q\", \"final_ans\": \"12\"}\n");
        assertEquals(12.0, DatasetLoader.load(arith, DatasetFormat.AUTO).problems().getFirst().gold());
        Path svamp = write("svamp.jsonl", "{\"question_concat\": \"q\", \"Answer\": 3.0}\n");
        assertEquals(3.0, DatasetLoader.load(svamp, DatasetFormat.AUTO).problems().getFirst().gold());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', value = {
            "bad json~{\"question\": \"q\", \"answer\": \"1\"}\\n{\"question\": ~jsonl~:2: not valid JSON",
            "missing answer~{\"question\": \"q\", \"answer\": \"1\"}\\n\\n{\"question\": \"q\"}~jsonl~:3: expected question/answer",
            "gold not a number~{\"question\": \"q\", \"answer\": \"#### many\"}~auto~:1: gold answer 'many' is not a number",
            "gsm8k without hashes~{\"question\": \"q\", \"answer\": \"5\"}~gsm8k~:1: GSM8K answer does not end",
            "unknown fields~{\"prompt\": \"q\", \"label\": 1}~auto~:1: cannot recognise the dataset from fields [prompt, label]",
            "answer is an array~{\"question\": \"q\", \"answer\": [1]}~auto~:1: answer is neither",
            "question not text~{\"question\": 3, \"answer\": 1}~auto~:1: field 'question' is not a string",
            "icot without hashes~q||<<1+1=2>> 2~icot~:1: expected '#### answer'",
            "pal format on qa rows~{\"question\": \"q\", \"answer\": 1}~pal~:1: expected PAL input/target",
            "plain text~hello~auto~:1: not JSON Lines",
            "svamp item~[{\"Body\": \"b\", \"Question\": \"q\", \"Answer\": 1}, {\"Body\": \"b\"}]~auto~:item 1: expected SVAMP",
    })
    void malformedRowsNameFileAndLine(String name, String content, String format, String message) throws IOException {
        Path f = write("bad.data", content.replace("\\n", "\n"));
        var e = assertThrows(DatasetException.class, () -> DatasetLoader.load(f, DatasetFormat.parse(format)));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }

    @Test
    void missingAndEmptyFiles() throws IOException {
        var missing = assertThrows(DatasetException.class,
                () -> DatasetLoader.load(dir.resolve("nope.jsonl"), DatasetFormat.AUTO));
        assertTrue(missing.getMessage().contains("dataset not found"), missing.getMessage());
        Path empty = write("empty.jsonl", "\n\n");
        var e = assertThrows(DatasetException.class, () -> DatasetLoader.load(empty, DatasetFormat.AUTO));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void formatNames() {
        assertEquals(DatasetFormat.GSM8K, DatasetFormat.parse("GSM8K"));
        var e = assertThrows(IllegalArgumentException.class, () -> DatasetFormat.parse("csv"));
        assertTrue(e.getMessage().contains("auto, gsm8k, jsonl, svamp, pal, icot"), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
