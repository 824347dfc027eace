package org.spikecoder.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.spikecoder.data.DataLocator;
import org.spikecoder.data.download.DatasetDownloads;
import org.spikecoder.data.download.DownloadPolicy;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the data sets are, and whether a missing one is downloaded on first use. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder holding mnist/, fashion-mnist/ and fsdd/ (default: $SPIKECODER_DATA, else ./data).")
    Path data;

    @Option(names = "--offline",
            description = "Never download: a missing dataset is an error. By default one is downloaded into the data"
                    + " folder on first use and checked against the SHA-256 sums spikecoder ships.")
    boolean offline;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Download from this base URL (holding the dataset's files under their canonical names;"
                    + " {dataset} in it becomes the dataset's name) instead of the canonical hosts. Default:"
                    + " $" + DownloadPolicy.MIRROR_ENV + ".")
    String mirror;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    public DataLocator locator() {
        DataLocator loc = DataLocator.of(data);
        return offline ? loc : loc.withFetcher(downloads());
    }

    DatasetDownloads downloads() {
        String m = DownloadPolicy.mirrorOrEnv(mirror);
        PrintWriter err = mixee != null ? mixee.commandLine().getErr() : new PrintWriter(System.err, true);
        return new DatasetDownloads(new DownloadPolicy(m, ProgressReporter.terminalAttached()), err::println);
    }
}
