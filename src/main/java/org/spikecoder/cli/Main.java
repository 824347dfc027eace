package org.spikecoder.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code spikecoder} command line. */
@Command(name = "spikecoder",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Train spiking autoencoders and audiocoders with spike-based backpropagation",
                "(Roy, Panda & Roy 2019) on the CPU reference backend or any OpenCL device.",
                "",
                "Data folder: --data DIR, else $SPIKECODER_DATA, else ./data (holding mnist/, fashion-mnist/, fsdd/)."},
        subcommands = {
                TrainAeCommand.class,
                EvalAeCommand.class,
                DevicesCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
