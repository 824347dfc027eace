package org.spikecoder.api;

import java.nio.file.Path;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.download.DatasetDownloads;
import org.spikecoder.data.download.DownloadPolicy;

/**
 * The settings of everything that reads data sets, beside its backend: the data folder, downloads and their mirror.
 *
 * @param <B> the builder's own type, so that setters chain
 */
public abstract class DataBuilder<B extends DataBuilder<B>> extends BackendBuilder<B> {
    private static final Logger LOG = LogManager.getLogger(DataBuilder.class);

    private Path dataFolder;
    private boolean downloads = true;
    private String mirror;
    private DataLocator locator;

    DataBuilder() {
    }

    /** The folder holding mnist/, fashion-mnist/ and fsdd/. Default: {@code $SPIKECODER_DATA}, else ./data. */
    public B dataFolder(Path folder) {
        dataFolder = given(folder, "dataFolder");
        return self();
    }

    /** Download a missing dataset into the data folder, checked against the shipped SHA-256 sums. Default: true. */
    public B downloads(boolean on) {
        downloads = on;
        return self();
    }

    /** Download from this base URL instead of the canonical hosts. Default: {@code $SPIKECODER_MIRROR}. */
    public B mirror(String baseUrl) {
        mirror = baseUrl;
        return self();
    }

    /** Where the data sets are and how missing ones are fetched; replaces dataFolder, downloads and mirror. */
    public B dataLocator(DataLocator l) {
        locator = given(l, "dataLocator");
        return self();
    }

    final DataLocator locator() {
        if (locator != null) {
            return locator;
        }
        DataLocator l = DataLocator.of(dataFolder);
        if (!downloads) {
            return l;
        }
        DownloadPolicy policy = new DownloadPolicy(DownloadPolicy.mirrorOrEnv(mirror), false);
        return l.withFetcher(new DatasetDownloads(policy, LOG::info));
    }
}
