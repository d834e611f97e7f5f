package dev.latentj.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The optimiser loop of a CODI training run: which examples each step takes, gradient accumulation, clipping,
 * the learning-rate schedule and AdamW. Everything is a function of the seed and the step number, so a run
 * resumed from a checkpoint at step k continues exactly as if it had not stopped.
 */
public final class CodiTraining {

    /**
     * One optimiser step's report. Losses are the mean over its micro-batches.
     *
     * @param step      the step, counting from 1
     * @param total     the steps of the run
     * @param loss      ce_student + kd_factor * kd + ce_teacher
     * @param ceStudent the student's cross-entropy
     * @param ceTeacher the teacher's cross-entropy
     * @param kd        the distillation term
     * @param lr        the step's learning rate
     * @param gradNorm  the global gradient norm before clipping
     */
    public record Step(long step, long total, float loss, float ceStudent, float ceTeacher, float kd, double lr,
                       double gradNorm) {}

    /** The per-step callback. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called after every optimiser step; may save a checkpoint.
         *
         * @param step the step's report
         * @throws IOException ends the run
         */
        void onStep(Step step) throws IOException;
    }

    private final Trainer trainer;
    private final List<Example> data;
    private final TrainConfig config;
    private final LrSchedule schedule;
    private int[] order;
    private long orderEpoch = -1;

    /**
     * A run over {@code data} with {@code config}, from the trainer's current step.
     *
     * @param trainer the model under training
     * @param data    the examples, in file order
     * @param config  batching, schedule and optimiser settings
     */
    public CodiTraining(Trainer trainer, List<Example> data, TrainConfig config) {
        if (data.isEmpty()) throw new IllegalArgumentException("no training examples");
        this.trainer = trainer;
        this.data = List.copyOf(data);
        this.config = config;
        this.schedule = LrSchedule.of(config.schedule(), config.lr(), config.warmupRatio(), totalSteps());
    }

    /** {@return the optimiser steps of the whole run} */
    public long totalSteps() { return config.totalSteps(data.size()); }

    /** {@return the learning rate of each step} */
    public LrSchedule schedule() { return schedule; }

    /**
     * Runs steps {@code trainer.steps()} .. total - 1.
     *
     * @param listener  told after every step
     * @param cancelled asked before every step
     * @return false when {@code cancelled} stopped it between steps (the trainer then holds the last completed step)
     * @throws IOException from the listener
     */
    public boolean run(Listener listener, BooleanSupplier cancelled) throws IOException {
        final long total = totalSteps();
        for (long step = trainer.steps(); step < total; step++) {
            if (cancelled.getAsBoolean()) return false;
            double loss = 0, ceS = 0, ceT = 0, kd = 0;
            for (int a = 0; a < config.gradAccum(); a++) {
                long first = step * config.perStep() + (long) a * config.batch();
                Trainer.Losses l = trainer.batch(rows(first, config.batch()), 1f / config.gradAccum(), true);
                if (!Float.isFinite(l.loss())) throw new IllegalStateException("the loss is " + l.loss() + " at step " + (step + 1));
                loss += l.loss();
                ceS += l.ceStudent();
                ceT += l.ceTeacher();
                kd += l.kd();
            }
            double norm = trainer.gradNorm();
            // torch.nn.utils.clip_grad_norm_: scale by max_norm / (norm + 1e-6) when that is below 1
            float scale = config.maxGradNorm() > 0 ? (float) Math.min(1.0, config.maxGradNorm() / (norm + 1e-6)) : 1f;
            double lr = schedule.at(step);
            trainer.step(new Trainer.AdamW((float) lr, config.beta1(), config.beta2(), config.eps(), config.weightDecay()), scale);
            int n = config.gradAccum();
            listener.onStep(new Step(step + 1, total, (float) (loss / n), (float) (ceS / n), (float) (ceT / n),
                    (float) (kd / n), lr, norm));
        }
        return true;
    }

    /** The examples of samples first .. first + count - 1 of the run's stream: epoch after epoch. */
    List<Example> rows(long first, int count) {
        List<Example> r = new ArrayList<>(count);
        for (long k = first; k < first + count; k++) {
            long epoch = k / data.size();
            r.add(data.get(order(epoch)[(int) (k % data.size())]));
        }
        return r;
    }

    private int[] order(long epoch) {
        if (epoch != orderEpoch) {
            order = new int[data.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            if (config.shuffle()) {
                Random rng = new Random(config.seed() * 1_000_003L + epoch);
                for (int i = order.length - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            orderEpoch = epoch;
        }
        return order;
    }
}
