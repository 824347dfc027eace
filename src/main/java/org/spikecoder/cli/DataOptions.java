package org.spikecoder.cli;

import java.nio.file.Path;

import org.spikecoder.data.DataLocator;

import picocli.CommandLine.Option;

/** Where the data sets are. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder holding mnist/, fashion-mnist/ and fsdd/ (default: $SPIKECODER_DATA, else ./data).")
    Path data;

    public DataLocator locator() {
        return DataLocator.of(data);
    }
}
