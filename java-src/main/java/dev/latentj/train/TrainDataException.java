package dev.latentj.train;

import java.io.IOException;

/** A training file that cannot be read as problems; the message says where. */
public final class TrainDataException extends IOException {
    /**
     * A failure to read training data.
     *
     * @param message what and where
     */
    public TrainDataException(String message) { super(message); }
}
