package org.spikecoder.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures its error stream. */
final class CliRunner {
    private CliRunner() {
    }

    record Result(int code, String err) {
    }

    static Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), args);
        return new Result(code, err.toString());
    }
}
