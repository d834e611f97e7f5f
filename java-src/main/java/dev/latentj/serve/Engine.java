package dev.latentj.serve;

import dev.latentj.engine.Row;
import dev.latentj.engine.RpcServerLostException;
import dev.latentj.engine.Session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continuous batching on one session with N sequence slots, on one thread. Each step:
 * <ol>
 *   <li>new requests join the queue; requests whose client left or whose time is up are cancelled, and their
 *       slots are free again at once; queued sequences take the free slots;</li>
 *   <li>every running sequence adds its row (a token, a concept-token mixture, or a CODI latent step), then
 *       prompts still being prefilled add chunks up to the step's row budget, so a long prompt never stalls the
 *       others;</li>
 *   <li>one decode runs the batch, reduced on the device with the setting most rows share ({@link Reduction}).</li>
 * </ol>
 */
final class Engine implements AutoCloseable {
    private final Session session;
    private final SlotTask[] slots;
    private final int stepRows;
    private final int maxQueue;
    private final ServerMetrics metrics;
    private final LinkedBlockingQueue<Completion> incoming = new LinkedBlockingQueue<>();
    private final ArrayDeque<SlotTask> waiting = new ArrayDeque<>();
    private final List<Completion> running = new ArrayList<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread thread;
    private volatile int freeSlots;
    private volatile boolean stopping;
    private Reduction reduction;
    // completed when a split model's RPC server is lost: the model is retired, nothing more can run on it
    private final CompletableFuture<RpcServerLostException> modelLost = new CompletableFuture<>();

    /**
     * @param stepRows the most rows one decode carries: running sequences first, prompt chunks in what is left
     * @param maxQueue the most requests waiting for a slot; more get 503
     */
    Engine(Session session, int slots, int stepRows, int maxQueue, ServerMetrics metrics) {
        if (stepRows < 2 * slots) throw new IllegalArgumentException("step rows " + stepRows + " must be at least twice the slots " + slots);
        this.session = session;
        this.slots = new SlotTask[slots];
        this.stepRows = stepRows;
        this.maxQueue = maxQueue;
        this.metrics = metrics;
        this.freeSlots = slots;
        this.thread = Thread.ofPlatform().name("latentj-engine").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Whether the engine thread runs: requests wait on it only then. */
    boolean alive() {
        return thread.isAlive();
    }

    /** Completes when the model was lost (an RPC server died or hung): the engine has stopped, its requests failed. */
    CompletableFuture<RpcServerLostException> modelLost() {
        return modelLost;
    }

    /** Queues a request whose tasks are set; 503 when the queue is full or the server is stopping. */
    void submit(Completion c) {
        synchronized (queued) {
            if (modelLost.isDone()) throw ApiException.internal("the model is gone: " + modelLost.join().getMessage());
            if (stopping) throw ApiException.overloaded("the server is shutting down", 1);
            if (queued.get() >= maxQueue + freeSlots) {
                throw ApiException.overloaded("all " + slots.length + " slots are busy and " + maxQueue + " requests are queued", 1);
            }
            queued.incrementAndGet();
        }
        metrics.queueDepth(queued.get());
        incoming.add(c);
    }

    /** Cancels what is queued or running (finish_reason cancelled) and stops the engine thread. */
    @Override
    public void close() {
        synchronized (queued) {
            stopping = true;
        }
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (!stopping) {
                if (running.isEmpty()) {
                    Completion c = incoming.poll(1, TimeUnit.SECONDS);
                    if (c != null) enqueue(c);
                }
                for (Completion c; (c = incoming.poll()) != null; ) enqueue(c);
                if (running.isEmpty()) continue;
                try {
                    cancelStopped();
                    admit();
                    long t0 = System.nanoTime();
                    if (step()) metrics.step((System.nanoTime() - t0) / 1e9);
                } catch (RpcServerLostException e) {
                    lose(e);
                    return;
                } catch (RuntimeException e) {
                    // not one request's fault (those fail alone inside step): fail what runs, keep serving
                    for (Completion c : List.copyOf(running)) fail(c, e);
                }
                metrics.activeSlots(slots.length - freeSlots);
                metrics.queueDepth(queued.get());
            }
        } catch (InterruptedException e) {
            // close(): fall through to cancel everything
        }
        for (Completion c; (c = incoming.poll()) != null; ) enqueue(c);
        for (Completion c : List.copyOf(running)) cancel(c, Completion.Cancel.SHUTDOWN);
    }

    // every request fails with the loss, queued ones too; later ones are refused (submit)
    private void lose(RpcServerLostException e) {
        synchronized (queued) {
            stopping = true;
            modelLost.complete(e);
        }
        for (Completion c; (c = incoming.poll()) != null; ) enqueue(c);
        for (Completion c : List.copyOf(running)) fail(c, e);
    }

    private void enqueue(Completion c) {
        running.add(c);
        waiting.addAll(c.tasks());
    }

    private void cancelStopped() {
        long now = System.nanoTime();
        for (Completion c : List.copyOf(running)) {
            Completion.Cancel why = c.shouldStop(now);
            if (why != null) cancel(c, why);
        }
    }

    /** Ends the request's unfinished choices as cancelled and frees their slots. */
    private void cancel(Completion c, Completion.Cancel why) {
        c.cancelled(why);
        for (SlotTask t : c.tasks()) t.out.finish("cancelled");
        release(c);
    }

    /** Fails the whole request: its HTTP thread answers 500 (or an error event). */
    private void fail(Completion c, RuntimeException e) {
        if (!running.contains(c)) return;
        String what = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        c.send(new Event.Failed(ApiException.internal("the engine failed on this request: " + what)));
        release(c);
    }

    private void release(Completion c) {
        waiting.removeIf(t -> t.completion == c);
        for (SlotTask t : c.tasks()) free(t);
        running.remove(c);
        leaveQueue(c);
    }

    private void free(SlotTask t) {
        if (t.seq < 0 || slots[t.seq] != t) return;
        slots[t.seq] = null;
        freeSlots++;
        session.removePositions(t.seq, 0, -1);
    }

    private void leaveQueue(Completion c) {
        if (c.leaveQueue()) queued.decrementAndGet();
    }

    /** Queued sequences take free slots, oldest first. */
    private void admit() {
        for (int s = 0; s < slots.length && !waiting.isEmpty(); s++) {
            if (slots[s] != null) continue;
            SlotTask t = waiting.poll();
            t.seq = s;
            slots[s] = t;
            freeSlots--;
            if (waiting.stream().noneMatch(w -> w.completion == t.completion)) leaveQueue(t.completion);
        }
    }

    /** One engine step; false when no slot had anything to do. */
    private boolean step() {
        List<Row> rows = new ArrayList<>();
        List<SlotTask> fed = new ArrayList<>();
        List<Want> wants = new ArrayList<>();
        for (SlotTask t : slots) {
            if (t != null && !t.prefilling()) collect(t, rows, fed, wants, 0);
        }
        for (SlotTask t : byAdmission()) {
            if (rows.size() >= stepRows) break;
            if (t.prefilling()) collect(t, rows, fed, wants, stepRows - rows.size());
        }
        if (!rows.isEmpty()) decode(rows, fed, wants);
        for (SlotTask t : slots) {
            if (t != null && t.finished()) free(t);
        }
        for (Completion c : List.copyOf(running)) {
            if (c.tasks().stream().allMatch(SlotTask::finished)) release(c);
        }
        return !rows.isEmpty();
    }

    private static void collect(SlotTask t, List<Row> rows, List<SlotTask> fed, List<Want> wants, int budget) {
        Want w = t.feed(rows, budget);
        if (w != null) {
            fed.add(t);
            wants.add(w);
        }
    }

    private void decode(List<Row> rows, List<SlotTask> fed, List<Want> wants) {
        try {
            // rows that read nothing (CODI prompts) keep the current setting: a new one is a new graph
            boolean readsNothing = wants.stream().allMatch(w -> w instanceof Want.Hidden);
            Reduction r = readsNothing && reduction != null ? reduction : Reduction.choose(wants);
            if (!r.equals(reduction)) {
                reduction = null;
                session.setReduce(r.k(), r.temperature(), r.vocabLimit());
                reduction = r;
            }
            session.decode(rows);
        } catch (RpcServerLostException e) {
            throw e;
        } catch (RuntimeException e) {
            for (SlotTask t : fed) fail(t.completion, e);
            for (Row row : rows) {
                SlotTask t = slots[row.seq()];
                if (t != null) fail(t.completion, e);
            }
            return;
        }
        for (int i = 0; i < fed.size(); i++) {
            SlotTask t = fed.get(i);
            try {
                t.accept(new StepOutput(session, i, reduction));
            } catch (RuntimeException e) {
                fail(t.completion, e);
            }
        }
        for (SlotTask t : fed) {
            try {
                if (running.contains(t.completion)) t.afterStep(session);
            } catch (RuntimeException e) {
                fail(t.completion, e);
            }
        }
    }

    /** Running tasks in the order their requests arrived. */
    private List<SlotTask> byAdmission() {
        List<SlotTask> out = new ArrayList<>();
        for (Completion c : running) {
            for (SlotTask t : c.tasks()) {
                if (t.seq >= 0 && slots[t.seq] == t) out.add(t);
            }
        }
        return out;
    }
}
