package org.spikecoder.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.spikecoder.data.DataLocator;
import org.spikecoder.data.download.DatasetDownloads;
import org.spikecoder.data.download.DownloadPolicy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code download}: fetches datasets into the data folder and verifies them. */
@Command(name = "download", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Download datasets into the data folder and verify them.",
                "",
                "MNIST from the hosts torchvision uses, Fashion-MNIST from its S3 site, FSDD as GitHub's archive of"
                        + " tag v1.0.10. Each file is written to a hidden .part file, checked against the SHA-256"
                        + " sums spikecoder ships (IDX: the decompressed content, and the .gz where its sum is"
                        + " known; FSDD: every clip after extracting) and only then renamed. Files already there are"
                        + " checked too and fetched again when they differ. Commands that need a missing dataset"
                        + " do the same on first use unless --offline is given.",
                ""})
final class DownloadCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DATASET", description = "mnist, fashion-mnist, fsdd or all.")
    List<String> datasets;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder to download into (default: $SPIKECODER_DATA, else ./data).")
    Path data;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Base URL holding the dataset's files under their canonical names (e.g. URL/"
                    + "train-images-idx3-ubyte.gz; {dataset} in it becomes the dataset's name), instead of the"
                    + " canonical hosts. http, https or file. Default: $" + DownloadPolicy.MIRROR_ENV + ".")
    String mirror;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.applyLogging();
        List<String> names = datasets.contains("all") ? DataLocator.DATASETS : datasets;
        for (String ds : names) {
            if (!DataLocator.DATASETS.contains(ds)) {
                throw new org.spikecoder.SpikecoderException("download " + ds + ": unknown dataset; accepted: "
                        + String.join(", ", DataLocator.DATASETS) + ", all");
            }
        }
        DataLocator loc = DataLocator.of(data);
        String m = DownloadPolicy.mirrorOrEnv(mirror);
        DatasetDownloads downloads = new DatasetDownloads(new DownloadPolicy(m, common.interactive()),
                spec.commandLine().getErr()::println);
        for (String ds : names) {
            DatasetDownloads.Outcome o = downloads.download(ds, loc.root().resolve(ds), true);
            String unit = ds.equals("fsdd") ? "clips" : "files";
            spec.commandLine().getOut().printf("%s: %d %s downloaded, %d already present; all verified (sha256) in"
                    + " %s%n", ds, o.fetched(), unit, o.kept(), o.dir());
        }
        return 0;
    }
}
