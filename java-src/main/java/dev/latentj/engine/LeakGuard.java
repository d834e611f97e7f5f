package dev.latentj.engine;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The safety net for models and sessions nobody closed: when one becomes unreachable, a {@link Cleaner} frees its
 * native memory, and the first time this happens in a process a warning goes to the {@code dev.latentj} logger.
 * Closing stays the way to free memory on time (the collector does not see native memory).
 */
final class LeakGuard {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOG = System.getLogger("dev.latentj");
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final AtomicLong COLLECTED = new AtomicLong();

    private LeakGuard() {}

    /** Frees native memory exactly once: on {@link #close()}, or when its owner was dropped unclosed. */
    static final class Release {
        private final Cleaner.Cleanable cleanable;
        private final Action action;

        private Release(Object owner, String what, Runnable free) {
            this.action = new Action(what, free);
            this.cleanable = CLEANER.register(owner, action);
        }

        /** Frees now (the owner's close). */
        void close() {
            action.closed = true;
            cleanable.clean();
        }
    }

    /** Must not reference the owner, or it would never become unreachable. */
    private static final class Action implements Runnable {
        private final String what;
        private final Runnable free;
        private volatile boolean closed;

        Action(String what, Runnable free) {
            this.what = what;
            this.free = free;
        }

        @Override
        public void run() {
            if (!closed) {
                COLLECTED.incrementAndGet();
                if (WARNED.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "a latentj " + what + " was garbage-collected without close(); "
                            + "its native memory is freed now. Close models and sessions (try-with-resources) to free it on "
                            + "time. (Logged once.)");
                }
            }
            free.run();
        }
    }

    /** Runs {@code free} on close, or when {@code owner} becomes unreachable before that. */
    static Release register(Object owner, String what, Runnable free) {
        return new Release(owner, what, free);
    }

    /** How many models and sessions the collector found unclosed so far (for tests). */
    static long collected() {
        return COLLECTED.get();
    }
}
