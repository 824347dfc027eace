package org.spikecoder.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;

class DataLocatorTest {
    @TempDir
    Path cwd;

    private DataLocator locator(Path explicit, Map<String, String> env) {
        return new DataLocator(explicit, env, cwd, cwd.resolve("no-debian-here"));
    }

    @Test
    void explicitBeatsEnvironmentBeatsDefault() {
        Path opt = cwd.resolve("opt");
        Map<String, String> env = Map.of(DataLocator.ENV, cwd.resolve("env").toString());
        assertEquals(opt, locator(opt, env).root());
        assertEquals("--data", locator(opt, env).source());
        assertEquals(cwd.resolve("env"), locator(null, env).root());
        assertEquals("SPIKECODER_DATA", locator(null, env).source());
        assertEquals(cwd.resolve("data"), locator(null, Map.of()).root());
    }

    @Test
    void blankEnvironmentCountsAsUnsetAndRelativeIsResolvedAgainstCwd() {
        assertEquals(cwd.resolve("data"), locator(null, Map.of(DataLocator.ENV, " ")).root());
        assertEquals(cwd.resolve("rel"), locator(null, Map.of(DataLocator.ENV, "rel")).root());
    }

    @Test
    void findsDatasetFolderAndPrefersGzip() throws IOException {
        Path mnist = Files.createDirectories(cwd.resolve("data/mnist"));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte"), new byte[1]);
        DataLocator loc = locator(null, Map.of());
        assertEquals(mnist, loc.datasetDir("mnist"));
        assertEquals(mnist.resolve("t10k-labels-idx1-ubyte"), loc.idxFile("mnist", "t10k-labels-idx1-ubyte"));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte.gz"), new byte[1]);
        assertEquals(mnist.resolve("t10k-labels-idx1-ubyte.gz"), loc.idxFile("mnist", "t10k-labels-idx1-ubyte"));
    }

    @Test
    void notFoundNamesEveryPlaceTriedAndTheFix() {
        Path env = cwd.resolve("env");
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> locator(null, Map.of(DataLocator.ENV, env.toString())).datasetDir("mnist"));
        assertEquals("mnist data not found: tried " + env.resolve("mnist") + " (data folder " + env
                + " from SPIKECODER_DATA); set SPIKECODER_DATA or pass --data to the folder that holds mnist/, "
                + "fashion-mnist/, fsdd/, or run 'spikecoder download mnist'", e.getMessage());
    }

    @Test
    void missingFileNamesBothSpellings() throws IOException {
        Path mnist = Files.createDirectories(cwd.resolve("data/mnist"));
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> locator(null, Map.of()).idxFile("mnist", "train-images-idx3-ubyte"));
        String m = e.getMessage();
        assertTrue(m.contains(mnist.resolve("train-images-idx3-ubyte.gz") + ", "
                + mnist.resolve("train-images-idx3-ubyte") + " ("), m);
    }

    @Test
    void fashionMnistFallsBackToTheDebianFolder() throws IOException {
        Path debian = Files.createDirectories(cwd.resolve("usr/share/datasets/fashion-mnist"));
        DataLocator loc = new DataLocator(null, Map.of(), cwd, debian);
        assertEquals(debian, loc.datasetDir("fashion-mnist"));
        Path own = Files.createDirectories(cwd.resolve("data/fashion-mnist"));
        assertEquals(own, loc.datasetDir("fashion-mnist"));
        assertThrows(SpikecoderException.class, () -> loc.datasetDir("mnist")); // no fallback for mnist
    }

    @Test
    void fashionMnistNotFoundListsBothPlaces() {
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> locator(null, Map.of()).datasetDir("fashion-mnist"));
        assertTrue(e.getMessage().startsWith("fashion-mnist data not found: tried "
                + cwd.resolve("data/fashion-mnist") + ", " + cwd.resolve("no-debian-here") + " ("), e.getMessage());
    }

    @Test
    void unknownDatasetNamesTheOption() {
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> locator(null, Map.of()).datasetDir("cifar"));
        assertEquals("--dataset cifar: unknown dataset; accepted: mnist, fashion-mnist, fsdd", e.getMessage());
    }
}
