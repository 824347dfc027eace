package org.spikecoder.cli;

import picocli.CommandLine.Command;

@Command(name = "train-ae", mixinStandardHelpOptions = true, description = "placeholder")
final class TrainAeCommand implements Runnable {
    @Override
    public void run() {
    }
}
