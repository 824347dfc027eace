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
 * <p>A locator may carry a {@link Fetcher} ({@link #withFetcher}): a dataset or IDX file that is missing is then
 * fetched into {@code root/<dataset>} on first use (the command line's downloads) before the lookup gives up.
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
    private final Fetcher fetcher;

    /** Fetches a missing dataset, e.g. by downloading it. */
    @FunctionalInterface
    public interface Fetcher {
        /**
         * Makes {@code dir} hold {@code dataset}'s missing files, or throws.
         *
         * @param dataset one of {@link #DATASETS}
         * @param dir     {@code root/<dataset>}; it may not exist
         * @throws SpikecoderException naming what failed; nothing that looks like a dataset file is left behind
         */
        void fetch(String dataset, Path dir);
    }

    /**
     * @param explicit           the {@code --data} value, or null when not given
     * @param env                the environment, e.g. {@code System.getenv()}; passed in so tests need not touch the
     *                           real one. Not modified.
     * @param cwd                the folder the default {@code data} is resolved against
     * @param debianFashionMnist the Debian fallback folder, or null for none
     */
    DataLocator(Path explicit, Map<String, String> env, Path cwd, Path debianFashionMnist) {
        this(resolveRoot(explicit, env, cwd), debianFashionMnist, null);
    }

    private DataLocator(Root r, Path debianFashionMnist, Fetcher fetcher) {
        this.root = r.dir();
        this.source = r.source();
        this.debianFashionMnist = debianFashionMnist;
        this.fetcher = fetcher;
    }

    private record Root(Path dir, String source) {
    }

    private static Root resolveRoot(Path explicit, Map<String, String> env, Path cwd) {
        String fromEnv = env.get(ENV);
        if (explicit != null) {
            return new Root(explicit.toAbsolutePath(), OPTION);
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            return new Root(cwd.resolve(fromEnv).toAbsolutePath(), ENV);
        }
        return new Root(cwd.resolve("data").toAbsolutePath(), "the default ./data");
    }

    /** This locator, fetching missing datasets with {@code fetcher} (null: never, the lookups just fail). */
    public DataLocator withFetcher(Fetcher fetcher) {
        return new DataLocator(new Root(root, source), debianFashionMnist, fetcher);
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
            if (Files.isDirectory(dir) && !(fetcher != null && isEmpty(dir))) {
                return dir;
            }
        }
        if (fetcher != null) {
            Path dir = root.resolve(dataset);
            fetcher.fetch(dataset, dir);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw notFound(dataset + " data not found", tried, dataset);
    }

    /* An empty folder (e.g. left by mkdir) is as good as none when a download can fill it. */
    private static boolean isEmpty(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false; // let the reader report what it cannot read
        }
    }

    /**
     * One IDX file of a dataset, gzipped ({@code <base>.gz}, preferred) or raw ({@code <base>}).
     *
     * @param base e.g. "train-images-idx3-ubyte"
     */
    public Path idxFile(String dataset, String base) {
        Path dir = datasetDir(dataset);
        List<Path> tried = List.of(dir.resolve(base + ".gz"), dir.resolve(base));
        Path found = firstFile(tried);
        if (found == null && fetcher != null && dir.equals(root.resolve(dataset))) {
            fetcher.fetch(dataset, dir);
            found = firstFile(tried);
        }
        if (found != null) {
            return found;
        }
        throw notFound(dataset + " file " + base + " not found", tried, dataset);
    }

    private static Path firstFile(List<Path> files) {
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    private List<Path> candidates(String dataset) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(root.resolve(dataset));
        if (dataset.equals("fashion-mnist") && debianFashionMnist != null) {
            dirs.add(debianFashionMnist);
        }
        return dirs;
    }

    private SpikecoderException notFound(String what, List<Path> tried, String dataset) {
        List<String> names = new ArrayList<>();
        for (Path p : tried) {
            names.add(p.toString());
        }
        return new SpikecoderException(what + ": tried " + String.join(", ", names) + " (data folder " + root
                + " from " + source + "); set " + ENV + " or pass " + OPTION + " to the folder that holds "
                + String.join("/, ", DATASETS) + "/, or run 'spikecoder download " + dataset + "'"
                + (fetcher == null ? "" : " (it was fetched but is still missing)"));
    }
}
