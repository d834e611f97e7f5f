package dev.latentj.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Child JVM of {@link LeakGuardTest}: closes a model and its session, then drops two models, each with an open
 * session, unclosed; collects garbage (at most 200 rounds) until the Cleaner has freed those four; prints
 * "freed N" (the objects found unclosed) and one "warning ..." line per log record.
 */
public final class LeakProbe {
    public static void main(String[] args) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Logger log = Logger.getLogger("dev.latentj");
        log.setUseParentHandlers(false);
        log.addHandler(new Handler() {
            @Override public synchronized void publish(LogRecord r) { records.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        });
        try (Model closed = Model.load(Path.of(args[0]), new Model.Options(Backend.CPU, 1))) {
            closed.newSession(Session.Options.single()).close();
        }
        for (int i = 0; i < 2; i++) leak(Path.of(args[0]));
        for (int round = 0; round < 200 && LeakGuard.collected() < 4; round++) {
            System.gc();
            Thread.sleep(10);
        }
        System.out.println("freed " + LeakGuard.collected());
        synchronized (log.getHandlers()[0]) {
            for (LogRecord r : records) System.out.println("warning " + r.getLevel() + " " + r.getMessage());
        }
    }

    private static void leak(Path path) throws Exception {
        Model model = Model.load(path, new Model.Options(Backend.CPU, 1));
        Session session = model.newSession(Session.Options.single());
        session.decode(List.of(new Row.Token(0, 0, 1, Row.Output.LOGITS)));
    }
}
