package dev.latentj.tokenizer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerBehaviourTest {

    @Test
    void specialTokensParsedOnlyWhenAsked() {
        Tokenizer t = TokenizerVocabTest.tokenizer("llama-bpe");
        String chat = "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>";
        int start = t.tokenId("<|start_header_id|>").orElseThrow();
        int end = t.tokenId("<|end_header_id|>").orElseThrow();
        int eot = t.tokenId("<|eot_id|>").orElseThrow();
        int[] parsed = t.encode(chat, false, true);
        assertEquals(start, parsed[0]);
        assertEquals(end, parsed[2]);
        assertEquals(eot, parsed[parsed.length - 1]);
        int[] plain = t.encode(chat, false, false);
        for (int id : plain) assertFalse(t.isControl(id), "control token from plain text");
        assertEquals(chat, t.decode(plain));
        assertEquals("user\n\nHi", t.decode(parsed));
        assertEquals(chat, t.decode(parsed, true));
    }

    @Test
    void bosFollowsGgufFlags() {
        Tokenizer llama3 = TokenizerVocabTest.tokenizer("llama-bpe"); // add_bos defaults to true for llama3
        assertEquals(128000, llama3.encode("Hello", true, false)[0]);
        assertEquals(128000, llama3.bos());
        Tokenizer gpt2 = TokenizerVocabTest.tokenizer("gpt-2");          // no add_bos flag: none added
        assertArrayEquals(gpt2.encode("Hello", false, false), gpt2.encode("Hello", true, false));
        Tokenizer spm = TokenizerVocabTest.tokenizer("llama-spm");       // add_bos = true, add_eos = false
        int[] ids = spm.encode("Hello", true, false);
        assertEquals(1, ids[0]);
        assertEquals("Hello", spm.decode(ids));
        VocabData withEos = spm.vocab().withFlags(false, true, null);
        int[] e = Tokenizer.of(withEos).encode("Hello", true, false);
        assertEquals(2, e[e.length - 1]);
        assertTrue(e[0] != 1);
    }

    @Test
    void thinkMarkersAsUserDefinedOrControl() {
        Tokenizer base = TokenizerVocabTest.tokenizer("qwen2");
        VocabData v = base.vocab().withAppended(java.util.List.of("<think>", "</think>"), TokenType.CONTROL);
        Tokenizer t = Tokenizer.of(v);
        int think = base.vocabSize(), endThink = think + 1;
        int[] ids = t.encode("<think>\nstep</think>The answer", false, true);
        assertEquals(think, ids[0]);
        assertTrue(java.util.Arrays.stream(ids).anyMatch(i -> i == endThink));
        assertEquals("\nstepThe answer", t.decode(ids));
    }

    @Test
    void streamingDecoderNeverSplitsACharacter() {
        Tokenizer t = TokenizerVocabTest.tokenizer("gpt-2");
        String text = "emoji 😀👍🏽 and 한국어 and Ω≈ç√ — done";
        int[] ids = t.encode(text, false, false);
        StreamingDecoder d = t.streamingDecoder();
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String piece = d.push(id);
            for (int i = 0; i < piece.length(); i++) assertFalse(piece.charAt(i) == '\uFFFD', "half a character emitted");
            if (!piece.isEmpty()) assertFalse(Character.isHighSurrogate(piece.charAt(piece.length() - 1)));
            sb.append(piece);
        }
        sb.append(d.flush());
        assertEquals(text, sb.toString());
    }

    @Test
    void streamingDecoderSpmStripsLeadingSpaceAfterBos() {
        Tokenizer t = TokenizerVocabTest.tokenizer("llama-spm");
        int[] ids = t.encode("Hello world", true, false);
        StreamingDecoder d = t.streamingDecoder();
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(d.push(id));
        assertEquals("Hello world", sb.append(d.flush()).toString());
    }

    @Test
    void completePrefixHoldsBackOnlyIncompleteTails() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, StreamingDecoder.completePrefix(new byte[] {euro[0], euro[1]}));
        assertEquals(3, StreamingDecoder.completePrefix(euro));
        assertEquals(1, StreamingDecoder.completePrefix(new byte[] {'a', euro[0]}));
        assertEquals(2, StreamingDecoder.completePrefix(new byte[] {'a', (byte) 0x80})); // stray continuation: emit
    }

    @Test
    void outOfRangeIdsAreRejected() {
        Tokenizer t = TokenizerVocabTest.tokenizer("gpt-2");
        var e = assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {50257}));
        assertTrue(e.getMessage().contains("50257") && e.getMessage().contains("50257 tokens"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.tokenBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> t.streamingDecoder().push(1 << 20));
    }

    @Test
    void heldBackStyleTexts() {
        // no reference ids here (those are checked against HF elsewhere); these must round-trip losslessly
        String[] texts = {"$1,234.56 vs €7.890,12 and ¥1000", "한국어 텍스트와 English 섞어서", "👨‍👩‍👧‍👦 family 🇰🇷",
                "   leading\t\ttabs\n\n\n   and   runs   ", "def f(x):\n    return x**2  # comment\n", "1234567890123",
                "\u00A0nbsp\u2009thin\u3000ideographic", "ǅungla ſtrasse 'S 'LL"};
        for (String name : new String[] {"gpt-2", "llama-bpe", "qwen2", "llama-spm"}) {
            Tokenizer t = TokenizerVocabTest.tokenizer(name);
            for (String s : texts) assertEquals(s, t.decode(t.encode(s, true, false)), name + ": " + s);
        }
    }
}
