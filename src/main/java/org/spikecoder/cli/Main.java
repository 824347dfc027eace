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
                "Data folder: --data DIR, else $SPIKECODER_DATA, else ./data (holding mnist/, fashion-mnist/, fsdd/);",
                "a missing dataset is downloaded and verified on first use (--offline forbids it; see download)."},
        subcommands = {
                TrainAeCommand.class,
                EvalAeCommand.class,
                TrainAudiocoderCommand.class,
                SynthesizeCommand.class,
                ExportNirCommand.class,
                ImportNirCommand.class,
                TrainAnnCommand.class,
                TrainAcAnnCommand.class,
                SweepCommand.class,
                WorkerCommand.class,
                DevicesCommand.class,
                BenchCommand.class,
                VerifyCommand.class,
                DownloadCommand.class,
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
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with results written to {@code out} and errors to {@code err}. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        RecipeHelp.install(cl.getSubcommands().get("train-audiocoder"));
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // An Error escapes picocli's exception handler; a user still gets one line, not a trace.
            err.println("error: " + ErrorHandler.describe(e));
            return 1;
        }
    }

    /** A mistyped command line: one line saying what is wrong and where the help is, exit code 2. */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("error: " + ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            // picocli's own candidates, nearest first: the options and subcommands that start like the typo.
            java.util.List<String> near = unmatched.getSuggestions();
            if (!near.isEmpty()) {
                cmd.getErr().println("did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size())))
                        + "?");
            }
        }
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        return 2;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
