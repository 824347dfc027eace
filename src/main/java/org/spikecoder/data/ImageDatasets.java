package org.spikecoder.data;

import java.util.List;

import org.spikecoder.SettingException;

/**
 * Loads the IDX image datasets by the names the command line uses: {@code mnist} and {@code fashion-mnist}, each
 * with a 60,000-image training split ({@code train-*}) and a 10,000-image test split ({@code t10k-*}).
 */
public final class ImageDatasets {
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist");

    private ImageDatasets() {
    }

    /**
     * @param loc     where the data lives. Not modified.
     * @param dataset "mnist" or "fashion-mnist" (the {@code --dataset} value)
     * @param train   the training split when true, the test split when false
     * @param limit   keep the first {@code limit} images; all when {@code limit <= 0}. The whole file is still read,
     *                so its integrity is checked either way.
     * @return named {@code <dataset>/train} or {@code <dataset>/test}
     */
    public static ImageDataset load(DataLocator loc, String dataset, boolean train, int limit) {
        if (!NAMES.contains(dataset)) {
            String hint = DataLocator.DATASETS.contains(dataset) ? "is not an image dataset" : "is unknown";
            throw new SettingException("{dataset} %s %s; accepted: %s", dataset, hint, String.join(", ", NAMES));
        }
        String prefix = train ? "train" : "t10k";
        ImageDataset all = IdxReader.readImages(loc.idxFile(dataset, prefix + "-images-idx3-ubyte"),
                loc.idxFile(dataset, prefix + "-labels-idx1-ubyte"), dataset + (train ? "/train" : "/test"));
        return all.limit(limit);
    }
}
