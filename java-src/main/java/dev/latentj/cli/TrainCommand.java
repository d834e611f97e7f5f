package dev.latentj.cli;

import picocli.CommandLine.Command;

/** {@code latentj train}: training methods, one subcommand each. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model.",
        subcommands = {TrainCodiCommand.class})
public final class TrainCommand {}
