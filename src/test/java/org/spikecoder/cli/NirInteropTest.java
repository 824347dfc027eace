package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.Npy;
import org.spikecoder.io.nir.NirFile;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

/**
 * spikecoder's NIR files against NIR's own Python reader and writer (native-tests/nir, with the reference
 * implementation vendored there): an export reads back with nir.read with the same weights, and a graph nir.write
 * produces imports with its weights. Needs python3 with numpy and h5py (Debian: python3-numpy python3-h5py); skipped
 * without them, except in CI, which installs them and fails without.
 */
class NirInteropTest {
    @TempDir
    static Path tmp;
    static String python;

    @BeforeAll
    static void findPython() {
        List<String> candidates = new ArrayList<>();
        if (System.getenv("SPIKECODER_PYTHON") != null) {
            candidates.add(System.getenv("SPIKECODER_PYTHON"));
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3"); // where Debian's python3-h5py is, when a pyenv python3 comes first
        for (String c : candidates) {
            if (run(List.of(c, "-c", "import numpy, h5py")).code == 0) {
                python = c;
                return;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("no python3 with numpy and h5py (apt-get install python3-numpy python3-h5py): CI must check NIR"
                    + " files with NIR's own reader");
        }
        Assumptions.assumeTrue(false, "python3 with numpy and h5py not found; NIR interop not checked");
    }

    record Proc(int code, String out) {
    }

    static Proc run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Proc(-1, "timed out");
            }
            return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Proc(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Proc(-1, e.toString());
        }
    }

    static Checkpoint network(TrainConfig c) {
        NetworkSpec net = NetworkSpec.of(10, 7, 10);
        float[][] w = new float[2][];
        java.util.Random rng = new java.util.Random(5);
        for (int l = 1; l <= 2; l++) {
            w[l - 1] = new float[(int) net.weightCount(l)];
            for (int i = 0; i < w[l - 1].length; i++) {
                w[l - 1][i] = (float) rng.nextGaussian() / 3; // full-precision floats: a lossy path would show
            }
        }
        return new Checkpoint("autoencoder", net, c, "mnist", 0, c.epochs(), 0, 0, 0, new double[0], w, java.util.Map.of());
    }

    void readsBackWithNirsReader(TrainConfig config, String name) throws IOException {
        Checkpoint c = network(config);
        Path dir = tmp.resolve(name);
        c.write(dir.resolve("model").resolve(Checkpoint.FILE_NAME));
        Path nir = dir.resolve("model.nir");
        CliRunner.Result ex = CliRunner.run("export-nir", "--model", dir.resolve("model").toString(), "--out",
                nir.toString());
        assertEquals(0, ex.code(), ex.err());
        List<String> cmd = new ArrayList<>(List.of(python, "native-tests/nir/read_export.py", nir.toString(),
                "--leak", Float.toString(config.leak()), "--threshold", Float.toString(config.threshold())));
        for (int l = 1; l <= 2; l++) {
            Path npy = dir.resolve("layer" + l + ".npy");
            Npy.write(npy, c.weights()[l - 1], c.network().size(l), c.network().size(l - 1));
            cmd.add(npy.toString());
        }
        Proc p = run(cmd);
        assertEquals(0, p.code, p.out);
        assertTrue(p.out.startsWith("OK "), p.out);
    }

    @Test
    void anExportReadsBackWithNirsReaderWithTheSameWeights() throws IOException {
        readsBackWithNirsReader(Preset.PAPER.defaults().toBuilder().leak(0.3f).threshold(0.75f).build(), "lif");
    }

    @Test
    void aLeaklessExportReadsBackAsIf() throws IOException {
        readsBackWithNirsReader(Preset.PAPER.defaults().toBuilder().leak(0f).build(), "if");
    }

    /** A fresh file from nir.write (make_fixture.py) holds the graph the committed fixture holds, node for node. */
    @Test
    void nirsWriterMakesWhatTheFixtureHolds() {
        Path fresh = tmp.resolve("fresh.nir");
        Proc p = run(List.of(python, "native-tests/nir/make_fixture.py", fresh.toString()));
        assertEquals(0, p.code, p.out);
        var made = NirFile.read(fresh);
        var committed = NirFile.read(Path.of("src/test/resources/nir/nir-writer-784-8-784.nir"));
        assertEquals(committed.edges(), made.edges());
        assertArrayEquals(committed.nodes().keySet().toArray(), made.nodes().keySet().toArray());
        assertEquals(committed.nodes(), made.nodes());
        assertEquals(committed.metadata(), made.metadata());
    }
}
