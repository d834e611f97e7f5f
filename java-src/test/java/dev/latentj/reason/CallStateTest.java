package dev.latentj.reason;

import dev.latentj.cli.DefaultModel;
import dev.latentj.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call's streaming text around split characters, and its stop that stays. */
class CallStateTest {
    @Test
    void aCharacterSplitOverTokensComesWholeAndAnUnfinishedOneComesLast() throws Exception {
        Tokenizer tok = Tokenizer.fromGguf(DefaultModel.path());
        List<TokenListener.Token> seen = new ArrayList<>();
        CallState call = new CallState(CallOptions.none().withListener(seen::add), tok, 1);
        // "€" is E2 82 AC: here as GPT-2's three single-byte tokens (byte-level symbols â, Ĥ, ¬)
        int[] euro = {tok.tokenId("\u00e2").orElseThrow(), tok.tokenId("\u0124").orElseThrow(), tok.tokenId("\u00ac").orElseThrow()};
        int lead = euro[0];
        for (int id : euro) call.token(0, TokenListener.Phase.ANSWER, id);
        call.token(0, TokenListener.Phase.ANSWER, lead); // a character that never completes
        call.end(0);
        assertEquals(List.of("", "", "€", "", "\uFFFD"), seen.stream().map(TokenListener.Token::text).toList());
        assertEquals(TokenListener.END, seen.getLast().id());
        assertEquals(tok.decode(new int[] {euro[0], euro[1], euro[2], lead}), String.join("", seen.stream().map(TokenListener.Token::text).toList()),
                "the pieces are the answer's text");
    }

    @Test
    void aStopStaysOnceSeen() {
        Cancellation cancel = new Cancellation();
        CallState call = new CallState(CallOptions.none().withCancellation(cancel), null, 1);
        assertFalse(call.stopRequested());
        assertFalse(call.stopped());
        cancel.cancel();
        assertTrue(call.stopRequested());
        assertTrue(call.stopped());
    }
}
