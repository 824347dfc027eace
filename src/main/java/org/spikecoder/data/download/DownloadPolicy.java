package org.spikecoder.data.download;

/**
 * How datasets are downloaded: from where, and whether a progress bar is drawn.
 *
 * @param mirror      a base URL replacing the canonical hosts, or null for those. {@code {dataset}} in it becomes
 *                    the dataset's name, so one setting can serve all three (e.g. {@code http://host/{dataset}/}).
 *                    http, https and file URLs are accepted.
 * @param interactive   draw a progress bar (a terminal is attached); otherwise log a line per file
 * @param timeoutMillis how long a connection may take to open, or stay silent mid-file, before it fails
 */
public record DownloadPolicy(String mirror, boolean interactive, int timeoutMillis) {
    /** The environment variable read as the default {@code --mirror}. */
    public static final String MIRROR_ENV = "SPIKECODER_MIRROR";

    /** One minute: long enough for a slow host, short enough that a dead connection is noticed. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 60_000;

    public DownloadPolicy {
        if (mirror != null && mirror.isBlank()) {
            mirror = null;
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeout " + timeoutMillis + " ms");
        }
    }

    /** The {@code --mirror} value when given, else {@code $SPIKECODER_MIRROR} (null when neither is set). */
    public static String mirrorOrEnv(String option) {
        return option != null ? option : System.getenv(MIRROR_ENV);
    }

    /** With the default timeout. */
    public DownloadPolicy(String mirror, boolean interactive) {
        this(mirror, interactive, DEFAULT_TIMEOUT_MILLIS);
    }

    /** The source to use for {@code canonical}: the canonical hosts, or the mirror alone. */
    public DatasetSource source(DatasetSource canonical) {
        if (mirror == null) {
            return canonical;
        }
        String base = mirror.replace("{dataset}", canonical.name());
        return canonical.withMirror(base.endsWith("/") ? base : base + "/");
    }
}
