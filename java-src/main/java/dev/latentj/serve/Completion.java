package dev.latentj.serve;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One request in flight: its sequences (one per choice), the events its HTTP thread waits on, and what may stop
 * it early (the client hung up, its time limit, server shutdown). The engine reads the stop conditions every step.
 */
final class Completion {

    /** Why a request stopped before its sequences finished; each ends its choices with finish_reason cancelled. */
    enum Cancel { CLIENT_GONE, TIME_LIMIT, SHUTDOWN }

    private final String id;
    private final String mode;
    private final long arrivalNanos;
    private final long deadlineNanos;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean queued = new AtomicBoolean(true);
    private volatile BooleanSupplier clientGone = () -> false;
    private volatile boolean abandoned;
    private volatile long firstTokenNanos;
    private volatile Cancel cancel;
    private List<SlotTask> tasks = List.of();

    Completion(String id, String mode, long arrivalNanos, long timeLimitNanos) {
        this.id = id;
        this.mode = mode;
        this.arrivalNanos = arrivalNanos;
        this.deadlineNanos = arrivalNanos + timeLimitNanos;
    }

    String id() { return id; }

    String mode() { return mode; }

    long arrivalNanos() { return arrivalNanos; }

    /** When the first token of any choice came out, or 0. */
    long firstTokenNanos() { return firstTokenNanos; }

    /** Why the engine cancelled the request, or null. */
    Cancel cancel() { return cancel; }

    List<SlotTask> tasks() { return tasks; }

    void tasks(List<SlotTask> t) { tasks = List.copyOf(t); }

    /** How the engine learns that the client has gone (checked each step). */
    void watch(BooleanSupplier gone) { clientGone = gone; }

    /** The HTTP thread could not write to the client. */
    void abandon() { abandoned = true; }

    /** Engine: why this request must stop now, or null. */
    Cancel shouldStop(long now) {
        if (abandoned || clientGone.getAsBoolean()) return Cancel.CLIENT_GONE;
        if (now - deadlineNanos > 0) return Cancel.TIME_LIMIT;
        return null;
    }

    /** Engine: records the cause before ending the choices. */
    void cancelled(Cancel why) {
        if (cancel == null) cancel = why;
    }

    /** Once: the request has left the queue (all its sequences got a slot, or it ended first). */
    boolean leaveQueue() {
        return queued.compareAndSet(true, false);
    }

    void tokenGenerated() {
        if (firstTokenNanos == 0) firstTokenNanos = System.nanoTime();
    }

    void send(Event e) {
        events.add(e);
    }

    /** HTTP thread: the next event, or null after {@code timeoutMs}. */
    Event next(long timeoutMs) throws InterruptedException {
        return events.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
