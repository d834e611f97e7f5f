package dev.latentj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code latentj train}: training methods, one subcommand each. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model (latentj train codi --help).",
        subcommands = {TrainCodiCommand.class})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing the training method: latentj train codi ...");
    }
}
