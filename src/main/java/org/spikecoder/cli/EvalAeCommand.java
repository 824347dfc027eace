package org.spikecoder.cli;

import picocli.CommandLine.Command;

@Command(name = "eval-ae", mixinStandardHelpOptions = true, description = "placeholder")
final class EvalAeCommand implements Runnable {
    @Override
    public void run() {
    }
}
