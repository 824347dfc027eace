package org.spikecoder.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Copies one URL (http, https or file) into a hidden temp file, computing its SHA-256 on the way and drawing a
 * progress bar. Nothing here decides whether the bytes are right; {@link DatasetDownloads} does, and renames.
 */
final class Downloader {
    private static final Logger LOG = LogManager.getLogger(Downloader.class);
    private static final int CHUNK = 1 << 16;

    private final boolean interactive;
    private final int timeoutMillis;

    Downloader(boolean interactive, int timeoutMillis) {
        this.interactive = interactive;
        this.timeoutMillis = timeoutMillis;
    }

    /** A fetched file: where it is, how many bytes it has and their SHA-256 (lowercase hex). */
    record Fetched(Path file, long bytes, String sha256) {
    }

    /**
     * Fetches {@code url} into a new file {@code .<name>.<random>.part} in {@code dir}. On failure the file is
     * deleted and the IOException's message says what happened (an HTTP status, a connection closed early).
     * On success the caller owns the file and must rename or delete it.
     */
    Fetched fetch(URI url, Path dir, String name) throws IOException {
        Path tmp = tempFile(dir, name);
        boolean ok = false;
        try {
            Fetched f = "file".equalsIgnoreCase(url.getScheme()) ? copyFile(url, tmp, name) : copyHttp(url, tmp, name);
            ok = true;
            return f;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /* Hidden and named .part, so that no reader takes it for a dataset file while it grows. */
    static Path tempFile(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name.replace('/', '_') + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private Fetched copyFile(URI url, Path tmp, String name) throws IOException {
        Path src = Path.of(url);
        try (InputStream in = Files.newInputStream(src)) {
            return copy(in, Files.size(src), tmp, name);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file " + src);
        }
    }

    /*
     * HttpURLConnection rather than java.net.http.HttpClient: it has a read timeout, so a server that stops sending
     * mid-file (or a connection that silently dies) ends in an error instead of a download that waits forever.
     * Redirects are followed by hand because HttpURLConnection will not follow one from http to https (the
     * direction hosts move to); one from https to http is refused.
     */
    private Fetched copyHttp(URI url, Path tmp, String name) throws IOException {
        URI at = url;
        for (int hop = 0; ; hop++) {
            HttpURLConnection c;
            try {
                c = (HttpURLConnection) at.toURL().openConnection();
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IOException("not an http, https or file URL");
            }
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setRequestProperty("User-Agent", "spikecoder (dataset download)");
            try {
                int status;
                try {
                    status = c.getResponseCode();
                } catch (IOException e) {
                    throw new IOException("cannot connect: " + describe(e), e);
                }
                if (status >= 300 && status < 400 && c.getHeaderField("Location") != null && hop < 5) {
                    URI next = at.resolve(c.getHeaderField("Location"));
                    if ("https".equalsIgnoreCase(at.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                        throw new IOException("refused a redirect from https to " + next);
                    }
                    at = next;
                    continue;
                }
                if (status != 200) {
                    throw new IOException("HTTP status " + status + (at.equals(url) ? "" : " from " + at));
                }
                try (InputStream in = c.getInputStream()) {
                    return copy(in, c.getContentLengthLong(), tmp, name);
                }
            } finally {
                c.disconnect();
            }
        }
    }

    private Fetched copy(InputStream in, long length, Path tmp, String name) throws IOException {
        MessageDigest sha = sha256();
        long done = 0;
        long t0 = System.nanoTime();
        ProgressBar bar = interactive ? new ProgressBarBuilder().setTaskName(name).setInitialMax(length)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).showSpeed().build() : null;
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[CHUNK];
            for (int k; ; ) {
                try {
                    k = in.read(buf);
                } catch (IOException e) {
                    throw new IOException("connection broken after " + done + " of "
                            + (length >= 0 ? length + " bytes" : "an unknown number of bytes") + ": " + describe(e), e);
                }
                if (k < 0) {
                    break;
                }
                out.write(buf, 0, k);
                sha.update(buf, 0, k);
                done += k;
                if (bar != null) {
                    bar.stepTo(done);
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        if (length >= 0 && done != length) {
            throw new IOException("truncated: " + done + " of the announced " + length + " bytes arrived");
        }
        LOG.debug("{}: {} bytes in {} s", name, done, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        return new Fetched(tmp, done, HexFormat.of().formatHex(sha.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /* Network exceptions' messages are often null (a ConnectException) or name only the class. */
    private static String describe(IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            Throwable c = e.getCause();
            m = c != null && c.getMessage() != null ? c.getMessage() : e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s+", " ");
    }
}
