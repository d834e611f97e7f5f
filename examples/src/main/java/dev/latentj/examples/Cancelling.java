package dev.latentj.examples;

import dev.latentj.engine.Model;
import dev.latentj.reason.Answer;
import dev.latentj.reason.CallOptions;
import dev.latentj.reason.Cancellation;
import dev.latentj.reason.Mode;
import dev.latentj.reason.ModeOptions;
import dev.latentj.reason.Reasoner;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cancellation: a generation runs on a worker thread; the main thread cancels it once four tokens have come. The
 * answer keeps what was generated, with finish reason "cancelled"; then the same reasoner answers in full.
 * <p>
 * Usage: {@code Cancelling MODEL.gguf [PROMPT]}
 */
public final class Cancelling {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String prompt = args.length > 1 ? args[1]
                : "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (Model model = Model.load(file)) {
            Reasoner reasoner = new Reasoner(model);
            Cancellation cancel = new Cancellation();
            CountDownLatch fourTokens = new CountDownLatch(4);
            CallOptions call = CallOptions.none().withCancellation(cancel).withListener(t -> fourTokens.countDown());
            Future<List<Answer>> running = worker.submit(() ->
                    reasoner.answer(Mode.COT_GREEDY, ModeOptions.defaults(), List.of(prompt), List.of(0L), call));
            fourTokens.await();
            cancel.cancel(); // the generation stops before its next decode step
            Answer cut = running.get().getFirst();
            System.out.println("cancelled after " + cut.answerTokens() + " tokens (" + cut.finishReason().id() + "): " + cut.text());

            Answer whole = reasoner.answer(Mode.COT_GREEDY, ModeOptions.defaults(), List.of(prompt), List.of(0L)).getFirst();
            System.out.println("in full (" + whole.finishReason().id() + "): " + whole.text());
        } finally {
            worker.shutdown();
        }
    }
}
