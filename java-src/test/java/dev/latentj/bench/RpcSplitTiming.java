package dev.latentj.bench;

import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * llama-bench's pp and tg for one model, here alone or split over RPC servers (bench/RESULTS.md, "A model over
 * several machines"), one CPU thread here: a prompt of P tokens in one decode, then N tokens one decode each
 * from position 1 with the greedy id read back, R times each after one warm-up.
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/latentj-cli.jar:target/test-classes dev.latentj.bench.RpcSplitTiming \
 *      MODEL P N R [HOST:PORT[,HOST:PORT...] SHARE,SHARE[,...]]
 * </pre>
 */
public final class RpcSplitTiming {
    private RpcSplitTiming() {}

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        int p = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), reps = Integer.parseInt(args[3]);
        Model.Options options = new Model.Options(Backend.CPU, 1);
        if (args.length > 4) {
            String[] shares = args[5].split(",");
            float[] split = new float[shares.length];
            for (int i = 0; i < split.length; i++) split[i] = Float.parseFloat(shares[i]);
            options = options.rpc(args[4].split(",")).tensorSplit(split);
        }
        try (Model m = Model.load(model, options); Session s = m.newSession(Session.Options.of(1, Math.max(p, n + 1)))) {
            System.out.println("layers: " + m.layerDevices());
            List<Row> prompt = new ArrayList<>();
            for (int i = 0; i < p; i++) prompt.add(new Row.Token(0, i, 1000 + i, i == p - 1 ? Row.Output.LOGITS : Row.Output.NONE));
            double[] pp = new double[reps + 1], tg = new double[reps + 1];
            for (int r = 0; r <= reps; r++) {
                long t0 = System.nanoTime();
                s.decode(prompt);
                s.argmax(0);
                pp[r] = p / ((System.nanoTime() - t0) / 1e9);
            }
            for (int r = 0; r <= reps; r++) {
                int id = 1000;
                long t0 = System.nanoTime();
                for (int i = 1; i <= n; i++) {
                    s.decode(List.of(new Row.Token(0, i, id, Row.Output.LOGITS)));
                    id = s.argmax(0);
                }
                tg[r] = n / ((System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("pp%d %s t/s%ntg%d %s t/s%n", p, stats(pp), n, stats(tg));
        }
    }

    /** Mean ± standard deviation, the warm-up (index 0) left out. */
    private static String stats(double[] v) {
        double sum = 0, sq = 0;
        int k = v.length - 1;
        for (int i = 1; i < v.length; i++) sum += v[i];
        double mean = sum / k;
        for (int i = 1; i < v.length; i++) sq += (v[i] - mean) * (v[i] - mean);
        return String.format("%.2f ± %.2f", mean, k > 1 ? Math.sqrt(sq / (k - 1)) : 0);
    }
}
