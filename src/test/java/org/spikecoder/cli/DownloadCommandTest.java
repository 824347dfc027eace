package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.data.download.LoopbackServer;

/**
 * {@code download} and first-use downloads end to end, with the sums spikecoder ships: the real datasets served
 * from a loopback server (where the shared data folder is on this machine), and a corrupted copy.
 */
class DownloadCommandTest {
    private static final List<String> IDX = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path tmp;

    /* The real data, where the shared data folder is present (CI points SPIKECODER_DATA at it). */
    private static Path shared(String dataset) {
        String env = System.getenv("SPIKECODER_DATA");
        Path dir = Path.of(env == null || env.isBlank() ? "/work/shared/data" : env).resolve(dataset);
        assumeTrue(Files.isDirectory(dir), "no shared " + dataset + " on this machine");
        return dir;
    }

    private static LoopbackServer serveMnist(Path mnist) throws IOException {
        LoopbackServer server = new LoopbackServer();
        for (String f : IDX) {
            byte[] b = Files.readAllBytes(mnist.resolve(f));
            server.put("mnist/" + f, b);
            if (f.startsWith("t10k-labels")) {
                b[b.length / 2] ^= 0x10;
            }
            server.put("bad-mnist/" + f, b);
        }
        return server;
    }

    @Test
    void downloadsMnistAndVerifiesItWithTheShippedSums() throws IOException {
        Path mnist = shared("mnist");
        try (LoopbackServer server = serveMnist(mnist)) {
            Path data = tmp.resolve("data");
            CliRunner.Result r = CliRunner.run("download", "mnist", "--data", data.toString(), "--mirror",
                    server.url("mnist"), "--no-progress");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("mnist: 4 files downloaded, 0 already present; all verified"), r.out());
            for (String f : IDX) {
                assertArrayEquals(Files.readAllBytes(mnist.resolve(f)), Files.readAllBytes(data.resolve("mnist/" + f)));
            }
            CliRunner.Result again = CliRunner.run("download", "mnist", "--data", data.toString(), "--mirror",
                    server.url("mnist"), "--no-progress");
            assertTrue(again.out().startsWith("mnist: 0 files downloaded, 4 already present"), again.out());

            Path bad = tmp.resolve("bad");
            CliRunner.Result corrupt = CliRunner.run("download", "mnist", "--data", bad.toString(), "--mirror",
                    server.url("bad-mnist"), "--no-progress");
            assertEquals(1, corrupt.code());
            String err = corrupt.err().strip();
            assertEquals(1, err.lines().filter(l -> l.startsWith("error:")).count(), err);
            assertTrue(err.contains("mnist t10k-labels-idx1-ubyte.gz: download failed: " + server.url("bad-mnist")
                    + "t10k-labels-idx1-ubyte.gz: sha256 of the file is "), err);
            assertTrue(err.contains("expected f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"), err);
            // the three good files stay (each was verified); the bad one and every temp file are gone
            assertFalse(Files.exists(bad.resolve("mnist/t10k-labels-idx1-ubyte.gz")));
            try (Stream<Path> s = Files.list(bad.resolve("mnist"))) {
                assertEquals(3, s.count());
            }
        }
    }

    @Test
    void trainAeDownloadsAMissingDatasetOnFirstUseWithANotice() throws IOException {
        Path mnist = shared("mnist");
        try (LoopbackServer server = serveMnist(mnist)) {
            Path data = tmp.resolve("fresh");
            CliRunner.Result r = CliRunner.run("train-ae", "--backend", "cpu", "--data", data.toString(), "--mirror",
                    server.url("mnist"), "--out", tmp.resolve("run").toString(), "--hidden", "8", "--steps", "3",
                    "--limit-train", "40", "--limit-test", "20", "--train-eval", "20", "--batch", "20",
                    "--no-progress");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("mnist is missing from " + data.resolve("mnist")
                    + ": downloading it (about 11 MB) from " + server.url("mnist"))), r.err());
            assertTrue(Files.isRegularFile(data.resolve("mnist/train-images-idx3-ubyte.gz")));
        }
    }

    @Test
    void downloadsFsddClipByClipWithTheShippedSums() throws IOException {
        Path fsdd = shared("fsdd");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip); Stream<Path> clips = Files.list(fsdd.resolve("recordings"))) {
            z.setLevel(0); // stored: WAV hardly compresses and the test stays fast
            for (Path c : clips.sorted().toList()) {
                z.putNextEntry(new ZipEntry("free-spoken-digit-dataset-1.0.10/recordings/" + c.getFileName()));
                z.write(Files.readAllBytes(c));
            }
        }
        try (LoopbackServer server = new LoopbackServer().put("fsdd/v1.0.10.zip", zip.toByteArray())) {
            Path data = tmp.resolve("data");
            CliRunner.Result r = CliRunner.run("download", "fsdd", "--data", data.toString(), "--mirror",
                    server.url("{dataset}"), "--no-progress");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("fsdd: 3000 clips downloaded, 0 already present; all verified"), r.out());
            assertArrayEquals(Files.readAllBytes(fsdd.resolve("recordings/7_jackson_1.wav")),
                    Files.readAllBytes(data.resolve("fsdd/recordings/7_jackson_1.wav")));
        }
    }

    @Test
    void anUnknownDatasetIsNamed() {
        CliRunner.Result r = CliRunner.run("download", "cifar", "--data", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("download cifar: unknown dataset; accepted: mnist, fashion-mnist, fsdd, all"),
                r.err());
    }
}
