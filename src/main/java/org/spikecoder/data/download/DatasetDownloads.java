package org.spikecoder.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.IoErrors;
import org.spikecoder.SpikecoderException;
import org.spikecoder.data.DataLocator;
import org.spikecoder.io.AtomicFiles;

/**
 * Downloads a dataset into its folder and verifies it against the project's SHA-256 sums ({@link Sums}), the way
 * torchvision's {@code download=True} does, but never leaving a file that looks valid and is not.
 *
 * <p>Each file goes to a hidden {@code .<name>.<random>.part} in the dataset's folder (the FSDD archive: in the data
 * folder) and is renamed to its canonical name only once every check passed; on any failure it is deleted, a
 * folder created for it is removed again, and the error names the file, the URL and what differed. IDX files
 * ({@code .gz}) are checked twice: the file as served, where its sum is listed, and always its decompressed content.
 * The FSDD archive is checked clip by clip after extracting (its own bytes have no stable sum): every listed clip
 * must be in it and match, and the clips are moved into {@code recordings/} only when all do. Mirrors are tried in
 * order; the next one is tried after any failure, and the error lists each one's.
 */
public final class DatasetDownloads implements DataLocator.Fetcher {
    private static final Logger LOG = LogManager.getLogger(DatasetDownloads.class);

    private final DownloadPolicy policy;
    private final Function<String, Sums> sums;
    private final Consumer<String> notice;
    private final Downloader downloader;

    /**
     * @param policy from where, with or without a progress bar
     * @param sums   the sums of a dataset by its name; {@link Sums#shipped} for the real datasets
     * @param notice receives one line before a download that a command did not ask for starts
     */
    public DatasetDownloads(DownloadPolicy policy, Function<String, Sums> sums, Consumer<String> notice) {
        this.policy = policy;
        this.sums = sums;
        this.notice = notice;
        this.downloader = new Downloader(policy.interactive(), policy.timeoutMillis());
    }

    /** With the project's shipped sums. */
    public DatasetDownloads(DownloadPolicy policy, Consumer<String> notice) {
        this(policy, Sums::shipped, notice);
    }

    /** What a download did: files (or clips) fetched, and those already present and kept. */
    public record Outcome(String dataset, Path dir, int fetched, int kept) {
    }

    /** First use by a command: announces itself in one line, then fetches what is missing. */
    @Override
    public void fetch(String dataset, Path dir) {
        DatasetSource src = policy.source(DatasetSource.of(dataset));
        notice.accept(dataset + " is missing from " + dir + ": downloading it (about " + src.size() + ") from "
                + src.mirrors().get(0) + "; --offline forbids this, 'spikecoder download " + dataset
                + "' does it ahead");
        download(dataset, dir, false);
    }

    /**
     * Makes {@code dir} hold the whole dataset, verified.
     *
     * @param verifyExisting check the files already there too and fetch again those that differ; when false a
     *                       file that exists is kept unread (its reader still checks its format)
     * @throws SpikecoderException one line naming the file and what went wrong
     */
    public Outcome download(String dataset, Path dir, boolean verifyExisting) {
        DatasetSource src = policy.source(DatasetSource.of(dataset));
        Sums expected = sums.apply(dataset);
        Path created = firstMissing(dir);
        boolean done = false;
        try {
            Outcome o = src.layout() == DatasetSource.Layout.FILES ? files(src, expected, dir, verifyExisting)
                    : recordings(src, expected, dir, verifyExisting);
            done = true;
            return o;
        } finally {
            if (!done && created != null) {
                // folders made for a failed download go again, so none is left that looks like a dataset
                for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(created); p = p.getParent()) {
                    removeIfEmpty(p);
                }
            }
        }
    }

    /* The outermost folder of dir's path that does not exist yet, or null when dir exists. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private Outcome files(DatasetSource src, Sums expected, Path dir, boolean verifyExisting) {
        int fetched = 0;
        int kept = 0;
        for (String name : src.files()) {
            String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
            Path present = Files.isRegularFile(dir.resolve(name)) ? dir.resolve(name)
                    : Files.isRegularFile(dir.resolve(base)) ? dir.resolve(base) : null;
            if (present != null) {
                String problem = verifyExisting ? checkExisting(present, base, expected) : null;
                if (problem == null) {
                    kept++;
                    continue;
                }
                notice.accept(present + ": " + problem + "; downloading it again");
            }
            createDir(dir);
            List<String> failures = new ArrayList<>();
            boolean ok = false;
            for (String mirror : src.mirrors()) {
                URI url = url(mirror, name);
                try {
                    installVerified(url, dir, name, base, expected);
                    ok = true;
                    break;
                } catch (IOException e) {
                    failures.add(url + ": " + e.getMessage());
                }
            }
            if (!ok) {
                throw new SpikecoderException(src.name() + " " + name + ": download failed: "
                        + String.join("; ", failures) + "; " + name + " was not written to " + dir);
            }
            if (present != null && !present.getFileName().toString().equals(name)) {
                deleteQuietly(present); // a bad raw copy must not shadow the good .gz for readers that prefer it
            }
            fetched++;
        }
        return new Outcome(src.name(), dir, fetched, kept);
    }

    /* Fetches, checks both sums, renames into place; the temp file never survives a failure. */
    private void installVerified(URI url, Path dir, String name, String base, Sums expected) throws IOException {
        String fileSum = expected.get(name);
        String contentSum = expected.get(base.equals(name) ? name : base);
        if (fileSum == null && contentSum == null) {
            throw new IOException("no SHA-256 listed for " + name + " or " + base + " (a bad sums table)");
        }
        LOG.info("downloading {}", url);
        Downloader.Fetched f = downloader.fetch(url, dir, name);
        try {
            if (fileSum != null && !fileSum.equals(f.sha256())) {
                throw new IOException("sha256 of the file is " + f.sha256() + ", expected " + fileSum + " ("
                        + f.bytes() + " bytes received)");
            }
            if (contentSum != null && !base.equals(name)) {
                String got = gunzipSha(f.file(), f.bytes());
                if (!contentSum.equals(got)) {
                    throw new IOException("sha256 of the decompressed content is " + got + ", expected "
                            + contentSum + " (" + f.bytes() + " bytes received)");
                }
            }
            AtomicFiles.install(f.file(), dir.resolve(name));
            LOG.info("{}: {} bytes, sha256 verified", dir.resolve(name), f.bytes());
        } finally {
            Files.deleteIfExists(f.file()); // gone after a successful rename; a failed one leaves nothing
        }
    }

    /* Null when the file's content matches, else what differs. */
    private static String checkExisting(Path file, String base, Sums expected) {
        String want = expected.get(base);
        if (want == null) {
            return null;
        }
        try {
            String got = file.getFileName().toString().endsWith(".gz") ? gunzipSha(file, Files.size(file))
                    : sha(file);
            return want.equals(got) ? null : "sha256 of the content is " + got + ", expected " + want;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String gunzipSha(Path gz, long bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
            return sha(in);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException("not a valid gzip file (" + bytes + " bytes): " + IoErrors.describe(e), e);
        }
    }

    private Outcome recordings(DatasetSource src, Sums expected, Path dir, boolean verifyExisting) {
        Map<String, String> clips = new LinkedHashMap<>();
        expected.all().forEach((name, sum) -> {
            if (name.startsWith("recordings/") && name.endsWith(".wav")) {
                clips.put(name, sum);
            }
        });
        if (clips.isEmpty()) {
            throw new SpikecoderException(src.name() + ": no clip sums listed (a bad sums table)");
        }
        List<String> needed = new ArrayList<>();
        for (Map.Entry<String, String> c : clips.entrySet()) {
            Path p = dir.resolve(c.getKey());
            if (!Files.isRegularFile(p)) {
                needed.add(c.getKey());
            } else if (verifyExisting) {
                try {
                    if (!c.getValue().equals(sha(p))) {
                        needed.add(c.getKey());
                    }
                } catch (IOException e) {
                    needed.add(c.getKey());
                }
            }
        }
        if (needed.isEmpty()) {
            return new Outcome(src.name(), dir, 0, clips.size());
        }
        if (needed.size() < clips.size()) {
            notice.accept(dir.resolve("recordings") + ": " + needed.size() + " of " + clips.size()
                    + " clips missing or different (e.g. " + needed.get(0) + "); downloading the archive");
        }
        Path root = dir.toAbsolutePath().getParent();
        createDir(root);
        List<String> failures = new ArrayList<>();
        String name = src.files().get(0);
        for (String mirror : src.mirrors()) {
            URI url = url(mirror, name);
            try {
                int installed = extractVerified(url, root, dir, name, clips, needed);
                return new Outcome(src.name(), dir, installed, clips.size() - installed);
            } catch (IOException e) {
                failures.add(url + ": " + e.getMessage());
            }
        }
        throw new SpikecoderException(src.name() + " " + name + ": download failed: " + String.join("; ", failures)
                + "; nothing was written to " + dir);
    }

    private int extractVerified(URI url, Path root, Path dir, String name, Map<String, String> clips,
                                List<String> needed) throws IOException {
        LOG.info("downloading {}", url);
        Downloader.Fetched f = downloader.fetch(url, root, name);
        Path staging = null;
        try {
            staging = Downloader.tempFile(root, dir.getFileName().toString());
            Files.delete(staging);
            Files.createDirectories(staging.resolve("recordings"));
            extract(f, staging, clips, url);
            install(staging, dir, needed);
            LOG.info("{}: {} clips, each sha256 verified", dir.resolve("recordings"), clips.size());
            return needed.size();
        } finally {
            Files.deleteIfExists(f.file());
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /* Every listed clip from the archive into staging/recordings, each checked; an unlisted entry is ignored. */
    private static void extract(Downloader.Fetched f, Path staging, Map<String, String> clips, URI url)
            throws IOException {
        Map<String, String> seen = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(f.file().toFile());
        } catch (java.util.zip.ZipException e) {
            throw new IOException("not a complete zip archive (" + f.bytes() + " bytes): " + IoErrors.describe(e), e);
        }
        try (zip) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String clip = clipName(e.getName());
                if (e.isDirectory() || clip == null || !clips.containsKey(clip)) {
                    continue;
                }
                // the name is one listed in the sums, so it cannot climb out of staging (no zip-slip)
                Path out = staging.resolve(clip);
                MessageDigest sha = Downloader.sha256();
                try (InputStream in = zip.getInputStream(e);
                     FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                     OutputStream os = Channels.newOutputStream(ch)) {
                    byte[] buf = new byte[1 << 16];
                    for (int k; (k = in.read(buf)) >= 0; ) {
                        os.write(buf, 0, k);
                        sha.update(buf, 0, k);
                    }
                    ch.force(true);
                } catch (java.util.zip.ZipException ze) {
                    throw new IOException("archive entry " + e.getName() + " is corrupt: " + IoErrors.describe(ze), ze);
                }
                String got = HexFormat.of().formatHex(sha.digest());
                if (!got.equals(clips.get(clip))) {
                    throw new IOException("archive entry " + e.getName() + ": sha256 " + got + ", expected "
                            + clips.get(clip));
                }
                seen.put(clip, got);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String c : clips.keySet()) {
            if (!seen.containsKey(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("the archive (" + f.bytes() + " bytes) lacks " + missing.size() + " of the "
                    + clips.size() + " listed clips, e.g. " + missing.get(0));
        }
    }

    /* "free-spoken-digit-dataset-1.0.10/recordings/3_theo_7.wav" -> "recordings/3_theo_7.wav"; else null. */
    static String clipName(String entry) {
        String[] parts = entry.split("/");
        int n = parts.length;
        if (n >= 2 && parts[n - 2].equals("recordings") && parts[n - 1].endsWith(".wav") && n <= 3) {
            return "recordings/" + parts[n - 1];
        }
        return null;
    }

    /* A new (or empty) folder is replaced by staging in one rename; into an existing one each clip is renamed. */
    private static void install(Path staging, Path dir, List<String> needed) throws IOException {
        if (Files.isDirectory(dir)) {
            removeIfEmpty(dir);
        }
        if (!Files.exists(dir)) {
            AtomicFiles.install(staging, dir);
            return;
        }
        Files.createDirectories(dir.resolve("recordings"));
        for (String clip : needed) {
            AtomicFiles.install(staging.resolve(clip), dir.resolve(clip));
        }
    }

    private static URI url(String base, String name) {
        try {
            return URI.create(base + name);
        } catch (IllegalArgumentException e) {
            throw new SpikecoderException("--mirror " + base + ": not a URL: " + e.getMessage());
        }
    }

    private static void createDir(Path dir) {
        try {
            AtomicFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new SpikecoderException(dir + ": cannot create the folder: " + IoErrors.describe(e), e);
        }
    }

    private static String sha(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha(in);
        }
    }

    private static String sha(InputStream in) throws IOException {
        MessageDigest sha = Downloader.sha256();
        byte[] buf = new byte[1 << 16];
        for (int k; (k = in.read(buf)) >= 0; ) {
            sha.update(buf, 0, k);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // holds something: not ours to remove
        } catch (IOException e) {
            LOG.debug("{}: not removed: {}", dir, IoErrors.describe(e));
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("{}: cannot delete: {}", p, IoErrors.describe(e));
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(DatasetDownloads::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("{}: cannot clean up: {}", dir, IoErrors.describe(e));
        }
    }
}
