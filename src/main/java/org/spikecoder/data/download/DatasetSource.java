package org.spikecoder.data.download;

import java.util.List;

import org.spikecoder.SpikecoderException;

/**
 * Where a dataset is published and what its files are.
 *
 * @param name    the dataset's folder name: mnist, fashion-mnist, fsdd
 * @param mirrors base URLs, tried in order, each holding every file of {@code files} under its name
 * @param files   the files to fetch, by their canonical names
 * @param layout  what becomes of a fetched file in the dataset's folder
 * @param size    the download's approximate size, for the notice before it starts
 */
public record DatasetSource(String name, List<String> mirrors, List<String> files, Layout layout, String size) {

    /** What becomes of a fetched file. */
    public enum Layout {
        /** Each file is kept as served (IDX, gzipped) under its name. */
        FILES,
        /** The one file is a zip archive; its {@code recordings/*.wav} go to the folder's {@code recordings/}. */
        RECORDINGS_ZIP
    }

    private static final List<String> IDX = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /*
     * The hosts torchvision's datasets/mnist.py lists, in its order: the PyTorch S3 copy first because LeCun's
     * site has often refused or throttled downloads. Fashion-MNIST's own S3 website is the one torchvision uses.
     * FSDD has no release files: GitHub's zip of tag v1.0.10, whose recordings/ equal the latest commit's.
     */
    public static final List<DatasetSource> ALL = List.of(
            new DatasetSource("mnist", List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"), IDX, Layout.FILES, "11 MB"),
            new DatasetSource("fashion-mnist",
                    List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"), IDX, Layout.FILES,
                    "30 MB"),
            new DatasetSource("fsdd",
                    List.of("https://github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/tags/"),
                    List.of("v1.0.10.zip"), Layout.RECORDINGS_ZIP, "20 MB"));

    /** The source of {@code name}. */
    public static DatasetSource of(String name) {
        for (DatasetSource s : ALL) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new SpikecoderException("dataset " + name + ": unknown; accepted: mnist, fashion-mnist, fsdd");
    }

    /** The same files from {@code base} only (a {@code --mirror}). */
    public DatasetSource withMirror(String base) {
        return new DatasetSource(name, List.of(base), files, layout, size);
    }
}
