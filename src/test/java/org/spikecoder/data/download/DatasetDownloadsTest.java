package org.spikecoder.data.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;
import org.spikecoder.data.DataLocator;

/**
 * Downloads from a loopback server of a small synthetic MNIST (four gzipped IDX files) and FSDD (a zip of three
 * clips), with sums of their own: good files, a corrupted one, truncated ones, a dropped connection, a 404.
 */
class DatasetDownloadsTest {
    private static final List<String> IDX = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    private static final List<String> CLIPS = List.of("0_alice_0.wav", "3_bob_12.wav", "9_carol_4.wav");

    @TempDir
    Path tmp;

    private LoopbackServer server;
    private final Map<String, byte[]> raw = new LinkedHashMap<>();
    private final Map<String, byte[]> gz = new LinkedHashMap<>();
    private final Map<String, byte[]> clips = new LinkedHashMap<>();
    private final List<String> notices = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        Random rnd = new Random(42);
        for (String name : IDX) {
            boolean images = name.contains("images");
            int n = name.startsWith("train") ? 7 : 3;
            byte[] data = new byte[images ? n * 4 * 4 : n];
            rnd.nextBytes(data);
            ByteBuffer b = ByteBuffer.allocate((images ? 16 : 8) + data.length);
            b.putInt(images ? 2051 : 2049).putInt(n);
            if (images) {
                b.putInt(4).putInt(4);
            }
            raw.put(name, b.put(data).array());
            gz.put(name, gzip(raw.get(name)));
        }
        for (String c : CLIPS) {
            byte[] wav = new byte[500 + rnd.nextInt(500)];
            rnd.nextBytes(wav);
            clips.put(c, wav);
        }
        server = new LoopbackServer();
        byte[] corrupt = gz.get("train-images-idx3-ubyte").clone();
        corrupt[corrupt.length / 2] ^= 0x5A;
        for (String name : IDX) {
            byte[] g = gz.get(name);
            server.put("good/" + name + ".gz", g);
            server.put("corrupt/" + name + ".gz", name.equals("train-images-idx3-ubyte") ? corrupt : g);
            server.put("truncated/" + name + ".gz", name.equals("train-images-idx3-ubyte")
                    ? java.util.Arrays.copyOf(g, g.length / 2) : g);
            server.put("dropped/" + name + ".gz", g);
        }
        server.dropAfter("dropped/train-images-idx3-ubyte.gz", gz.get("train-images-idx3-ubyte").length / 2);
        server.put("fsdd-good/v1.0.10.zip", zip(CLIPS, null));
        server.put("fsdd-lacking/v1.0.10.zip", zip(CLIPS.subList(0, 2), null));
        server.put("fsdd-corrupt/v1.0.10.zip", zip(CLIPS, "3_bob_12.wav"));
        byte[] z = zip(CLIPS, null);
        server.put("fsdd-truncated/v1.0.10.zip", java.util.Arrays.copyOf(z, z.length - 30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sums of the synthetic files: the decompressed content always, the .gz as served when {@code withGz}. */
    private Sums sums(boolean withGz) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : IDX) {
            m.put(name, sha(raw.get(name)));
            if (withGz) {
                m.put(name + ".gz", sha(gz.get(name)));
            }
        }
        clips.forEach((c, b) -> m.put("recordings/" + c, sha(b)));
        return Sums.of(m);
    }

    private DatasetDownloads downloads(String folder, boolean withGz) {
        return new DatasetDownloads(new DownloadPolicy(server.url(folder), false, 2000), d -> sums(withGz),
                notices::add);
    }

    @Test
    void downloadsVerifiesAndRenamesEveryFile() throws IOException {
        Path dir = tmp.resolve("data/mnist");
        DatasetDownloads.Outcome o = downloads("good", true).download("mnist", dir, true);
        assertEquals(4, o.fetched());
        for (String name : IDX) {
            assertArrayEquals(gz.get(name), Files.readAllBytes(dir.resolve(name + ".gz")), name);
        }
        assertEquals(List.of(), leftovers(tmp));
        int before = server.requests();
        DatasetDownloads.Outcome again = downloads("good", true).download("mnist", dir, true);
        assertEquals(0, again.fetched());
        assertEquals(4, again.kept());
        assertEquals(before, server.requests(), "verified files are not fetched again");
    }

    @Test
    void aCorruptedFileIsRefusedNamingTheFileAndBothSums() {
        Path dir = tmp.resolve("data/mnist");
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> downloads("corrupt", true).download("mnist", dir, true));
        String m = e.getMessage();
        assertTrue(m.startsWith("mnist train-images-idx3-ubyte.gz: download failed: " + server.url("corrupt")
                + "train-images-idx3-ubyte.gz: sha256 of the file is "), m);
        assertTrue(m.contains("expected " + sha(gz.get("train-images-idx3-ubyte"))), m);
        assertTrue(m.endsWith("; train-images-idx3-ubyte.gz was not written to " + tmp.resolve("data/mnist")), m);
        assertFalse(m.contains("\n"), "one line");
        assertNothingLeft();
    }

    @Test
    void aCorruptedFileIsRefusedByItsContentWhenTheGzSumIsUnknown() {
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> downloads("corrupt", false).download("mnist", tmp.resolve("data/mnist"), true));
        String m = e.getMessage();
        // a flipped byte in the deflate stream: either gunzip fails or the content's sum differs
        assertTrue(m.contains("train-images-idx3-ubyte.gz: not a valid gzip file (")
                || m.contains("train-images-idx3-ubyte.gz: sha256 of the decompressed content is "), m);
        assertNothingLeft();
    }

    @Test
    void aTruncatedFileIsRefused() {
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> downloads("truncated", false).download("mnist", tmp.resolve("data/mnist"), true));
        String m = e.getMessage();
        assertTrue(m.contains("train-images-idx3-ubyte.gz: not a valid gzip file ("
                + gz.get("train-images-idx3-ubyte").length / 2 + " bytes)"), m);
        assertNothingLeft();
        SpikecoderException withGz = assertThrows(SpikecoderException.class,
                () -> downloads("truncated", true).download("mnist", tmp.resolve("data/mnist"), true));
        assertTrue(withGz.getMessage().contains("sha256 of the file is"), withGz.getMessage());
        assertNothingLeft();
    }

    @Test
    void aConnectionThatStallsMidFileIsRefused() {
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> downloads("dropped", true).download("mnist", tmp.resolve("data/mnist"), true));
        String m = e.getMessage();
        int n = gz.get("train-images-idx3-ubyte").length;
        assertTrue(m.contains("train-images-idx3-ubyte.gz: connection broken after " + n / 2 + " of " + n
                + " bytes: Read timed out"), m);
        assertNothingLeft();
    }

    @Test
    void aMissingFileIsNamedWithItsHttpStatusAndTheNextMirrorIsTried() throws IOException {
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> downloads("nowhere", true).download("mnist", tmp.resolve("data/mnist"), true));
        assertTrue(e.getMessage().contains(server.url("nowhere") + "train-images-idx3-ubyte.gz: HTTP status 404"),
                e.getMessage());
        assertNothingLeft();
        DatasetSource two = new DatasetSource("mnist", List.of(server.url("nowhere"), server.url("good")),
                DatasetSource.of("mnist").files(), DatasetSource.Layout.FILES, "1 kB");
        assertEquals(two.mirrors(), new DownloadPolicy(null, false).source(two).mirrors());
    }

    @Test
    void aBadFileAlreadyThereIsFetchedAgainOnlyWhenVerifying() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data/mnist"));
        downloads("good", true).download("mnist", dir, true);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        Files.write(labels, gzip(new byte[] {0, 0, 8, 1, 0, 0, 0, 0}));
        assertEquals(4, downloads("good", true).download("mnist", dir, false).kept());
        DatasetDownloads.Outcome o = downloads("good", true).download("mnist", dir, true);
        assertEquals(1, o.fetched());
        assertArrayEquals(gz.get("t10k-labels-idx1-ubyte"), Files.readAllBytes(labels));
        assertTrue(notices.stream().anyMatch(n -> n.startsWith(labels + ": sha256 of the content is")), "" + notices);
    }

    @Test
    void firstUseThroughTheLocatorAnnouncesItselfInOneLine() {
        Path root = tmp.resolve("fresh");
        DataLocator loc = new DataLocator(root, Map.of(), tmp).withFetcher(downloads("good", true));
        Path images = loc.idxFile("mnist", "train-images-idx3-ubyte");
        assertEquals(root.resolve("mnist/train-images-idx3-ubyte.gz"), images);
        assertEquals(1, notices.size(), "" + notices);
        assertTrue(notices.get(0).startsWith("mnist is missing from " + root.resolve("mnist") + ": downloading it"),
                notices.get(0));
        assertTrue(notices.get(0).contains("--offline"), notices.get(0));
    }

    @Test
    void theMirrorMayNameTheDataset() {
        DatasetSource s = new DownloadPolicy("http://h/{dataset}", false).source(DatasetSource.of("fashion-mnist"));
        assertEquals(List.of("http://h/fashion-mnist/"), s.mirrors());
        assertEquals(List.of("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
                new DownloadPolicy(" ", false).source(DatasetSource.of("mnist")).mirrors());
    }

    @Test
    void fsddClipsAreExtractedAndEachVerified() throws IOException {
        Path dir = tmp.resolve("data/fsdd");
        DatasetDownloads.Outcome o = downloads("fsdd-good", true).download("fsdd", dir, true);
        assertEquals(3, o.fetched());
        for (String c : CLIPS) {
            assertArrayEquals(clips.get(c), Files.readAllBytes(dir.resolve("recordings").resolve(c)), c);
        }
        try (Stream<Path> s = Files.list(dir.resolve("recordings"))) {
            assertEquals(3, s.count(), "unlisted entries are not extracted");
        }
        assertEquals(List.of(), leftovers(tmp));
        // one clip lost: only it comes back
        Files.delete(dir.resolve("recordings/3_bob_12.wav"));
        assertEquals(1, downloads("fsdd-good", true).download("fsdd", dir, true).fetched());
        assertArrayEquals(clips.get("3_bob_12.wav"), Files.readAllBytes(dir.resolve("recordings/3_bob_12.wav")));
    }

    @Test
    void fsddArchivesThatLackAClipOrHoldABadOneLeaveNothing() {
        Path dir = tmp.resolve("data/fsdd");
        String lacking = assertThrows(SpikecoderException.class,
                () -> downloads("fsdd-lacking", true).download("fsdd", dir, true)).getMessage();
        assertTrue(lacking.contains("lacks 1 of the 3 listed clips, e.g. recordings/9_carol_4.wav"), lacking);
        assertFalse(Files.exists(dir));
        String corrupt = assertThrows(SpikecoderException.class,
                () -> downloads("fsdd-corrupt", true).download("fsdd", dir, true)).getMessage();
        assertTrue(corrupt.contains("archive entry free-spoken-digit-dataset-1.0.10/recordings/3_bob_12.wav: sha256 ")
                && corrupt.contains("expected " + sha(clips.get("3_bob_12.wav"))), corrupt);
        assertFalse(Files.exists(dir));
        String truncated = assertThrows(SpikecoderException.class,
                () -> downloads("fsdd-truncated", true).download("fsdd", dir, true)).getMessage();
        assertTrue(truncated.contains("v1.0.10.zip: not a complete zip archive"), truncated);
        assertFalse(Files.exists(dir));
        assertEquals(List.of(), leftovers(tmp));
    }

    @Test
    void clipNamesAreTakenOnlyFromARecordingsFolder() {
        assertEquals("recordings/3_theo_7.wav", DatasetDownloads.clipName("fsdd-1.0.10/recordings/3_theo_7.wav"));
        assertEquals("recordings/3_theo_7.wav", DatasetDownloads.clipName("recordings/3_theo_7.wav"));
        assertEquals(null, DatasetDownloads.clipName("fsdd-1.0.10/other/3_theo_7.wav"));
        assertEquals(null, DatasetDownloads.clipName("a/b/recordings/3_theo_7.wav"));
        assertEquals(null, DatasetDownloads.clipName("fsdd-1.0.10/recordings/readme.txt"));
    }

    @Test
    void shippedSumsCoverEveryFile() {
        for (String name : IDX) {
            assertEquals(64, Sums.shipped("mnist").get(name).length(), name);
            assertEquals(64, Sums.shipped("fashion-mnist").get(name).length(), name);
            assertTrue(Sums.shipped("fashion-mnist").get(name + ".gz") != null, name);
        }
        assertEquals(3000, Sums.shipped("fsdd").all().size());
        assertEquals("228ab63fccdf262d2e05817b6ec918b15e7d9e4bfb6bb20183c46ae088405240",
                Sums.shipped("fsdd").get("recordings/0_george_0.wav"));
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> Sums.parse("abc  x\n", "t.sha256"));
        assertEquals("t.sha256 line 1: not '<sha256 hex>  <name>': abc  x", e.getMessage());
    }

    /* The dataset folder (and the data folder made for it) is gone, and no temp file is left. */
    private void assertNothingLeft() {
        assertFalse(Files.exists(tmp.resolve("data")), "folders created for a failed download remain");
        assertEquals(List.of(), leftovers(tmp));
    }

    private static List<Path> leftovers(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] zip(List<String> names, String corrupt) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            z.putNextEntry(new ZipEntry("free-spoken-digit-dataset-1.0.10/"));
            z.putNextEntry(new ZipEntry("free-spoken-digit-dataset-1.0.10/README.md"));
            z.write("unlisted".getBytes());
            z.putNextEntry(new ZipEntry("free-spoken-digit-dataset-1.0.10/recordings/"));
            z.putNextEntry(new ZipEntry("free-spoken-digit-dataset-1.0.10/recordings/5_unlisted_0.wav"));
            z.write(new byte[10]);
            for (String c : names) {
                byte[] b = clips.get(c).clone();
                if (c.equals(corrupt)) {
                    b[7] ^= 1;
                }
                z.putNextEntry(new ZipEntry("free-spoken-digit-dataset-1.0.10/recordings/" + c));
                z.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
            g.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
