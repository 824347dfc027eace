package org.spikecoder.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.spikecoder.SpikecoderException;

/**
 * Finds the data folder and the datasets in it.
 *
 * <p>The root is, first match wins: the {@code --data} option; the environment variable {@code SPIKECODER_DATA}
 * (empty counts as unset); the folder {@code data} under the current directory. It holds one folder per dataset:
 * {@code mnist/}, {@code fashion-mnist/} (IDX files) and {@code fsdd/} (WAV recordings). When {@code fashion-mnist/}
 * is missing, Debian's package {@code dataset-fashion-mnist} is used if installed: it puts the same four IDX files
 * in {@code /usr/share/datasets/fashion-mnist}.
 *
 * <p>Immutable. Nothing is checked on construction; the lookups fail with one line naming every place tried.
 */
public final class DataLocator {
    public static final String ENV = "SPIKECODER_DATA";
    public static final String OPTION = "--data";
    public static final List<String> DATASETS = List.of("mnist", "fashion-mnist", "fsdd");
    /** Where {@code apt-get install dataset-fashion-mnist} puts the IDX files (from {@code dpkg -c}). */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private final Path root;
    private final String source;
    private final Path debianFashionMnist;

    /**
     * @param explicit           the {@code --data} value, or null when not given
     * @param env                the environment, e.g. {@code System.getenv()}; passed in so tests need not touch the
     *                           real one. Not modified.
     * @param cwd                the folder the default {@code data} is resolved against
     * @param debianFashionMnist the Debian fallback folder, or null for none
     */
    DataLocator(Path explicit, Map<String, String> env, Path cwd, Path debianFashionMnist) {
        String fromEnv = env.get(ENV);
        if (explicit != null) {
            root = explicit.toAbsolutePath();
            source = OPTION;
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            root = cwd.resolve(fromEnv).toAbsolutePath();
            source = ENV;
        } else {
            root = cwd.resolve("data").toAbsolutePath();
            source = "the default ./data";
        }
        this.debianFashionMnist = debianFashionMnist;
    }

    /** As {@link #of(Path)}, with the environment given: for tests and embedding. */
    public DataLocator(Path explicit, Map<String, String> env, Path cwd) {
        this(explicit, env, cwd, DEBIAN_FASHION_MNIST);
    }

    /** The locator for this process: {@code --data} (null when absent), else the real environment and directory. */
    public static DataLocator of(Path explicit) {
        return new DataLocator(explicit, System.getenv(), Path.of("").toAbsolutePath());
    }

    /** The data folder, absolute; it may not exist. */
    public Path root() {
        return root;
    }

    /** Which setting chose the root: "--data", "SPIKECODER_DATA" or "the default ./data". */
    public String source() {
        return source;
    }

    /**
     * The folder of one dataset: {@code root/<dataset>}, or the Debian folder for a missing fashion-mnist.
     *
     * @param dataset one of {@link #DATASETS}
     * @throws SpikecoderException for an unknown name, or when no folder exists
     */
    public Path datasetDir(String dataset) {
        if (!DATASETS.contains(dataset)) {
            throw new SpikecoderException("--dataset " + dataset + ": unknown dataset; accepted: "
                    + String.join(", ", DATASETS));
        }
        List<Path> tried = candidates(dataset);
        for (Path dir : tried) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw notFound(dataset + " data not found", tried);
    }

    /**
     * One IDX file of a dataset, gzipped ({@code <base>.gz}, preferred) or raw ({@code <base>}).
     *
     * @param base e.g. "train-images-idx3-ubyte"
     */
    public Path idxFile(String dataset, String base) {
        Path dir = datasetDir(dataset);
        List<Path> tried = List.of(dir.resolve(base + ".gz"), dir.resolve(base));
        for (Path f : tried) {
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw notFound(dataset + " file " + base + " not found", tried);
    }

    private List<Path> candidates(String dataset) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(root.resolve(dataset));
        if (dataset.equals("fashion-mnist") && debianFashionMnist != null) {
            dirs.add(debianFashionMnist);
        }
        return dirs;
    }

    private SpikecoderException notFound(String what, List<Path> tried) {
        List<String> names = new ArrayList<>();
        for (Path p : tried) {
            names.add(p.toString());
        }
        return new SpikecoderException(what + ": tried " + String.join(", ", names) + " (data folder " + root
                + " from " + source + "); set " + ENV + " or pass " + OPTION + " to the folder that holds "
                + String.join("/, ", DATASETS) + "/");
    }
}
