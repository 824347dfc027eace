package org.spikecoder.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.spikecoder.data.IdxFiles.gzip;
import static org.spikecoder.data.IdxFiles.images;
import static org.spikecoder.data.IdxFiles.labels;
import static org.spikecoder.data.IdxFiles.randomBytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SettingException;

class ImageDatasetsTest {
    @TempDir
    Path root;

    private DataLocator locator() {
        return new DataLocator(root, Map.of(), root, null);
    }

    @Test
    void loadsTestSplitByNameWithLimit() throws IOException {
        Path dir = Files.createDirectories(root.resolve("fashion-mnist"));
        byte[] px = randomBytes(1, 4 * 2 * 2);
        byte[] lab = {3, 1, 4, 1};
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(4, 2, 2, px)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(lab));

        ImageDataset all = ImageDatasets.load(locator(), "fashion-mnist", false, 0);
        assertEquals("fashion-mnist/test", all.name());
        assertEquals(4, all.count());
        ImageDataset two = ImageDatasets.load(locator(), "fashion-mnist", false, 2);
        assertEquals(2, two.count());
        assertArrayEquals(new byte[]{3, 1}, two.labels());
    }

    @Test
    void rejectsNamesThatAreNotImageDatasets() {
        SettingException unknown = assertThrows(SettingException.class,
                () -> ImageDatasets.load(locator(), "cifar10", true, 0));
        assertEquals("dataset cifar10 is unknown; accepted: mnist, fashion-mnist", unknown.getMessage());
        assertEquals(List.of("dataset"), unknown.fields());
        assertEquals("--dataset cifar10 is unknown; accepted: mnist, fashion-mnist", unknown.message(f -> "--" + f));
        SettingException audio = assertThrows(SettingException.class,
                () -> ImageDatasets.load(locator(), "fsdd", true, 0));
        assertEquals("dataset fsdd is not an image dataset; accepted: mnist, fashion-mnist", audio.getMessage());
    }

    /* The real MNIST, where the shared data folder is present (CI points SPIKECODER_DATA at it). */
    @Test
    void loadsRealMnist() {
        String env = System.getenv(DataLocator.ENV);
        Path data = Path.of(env == null || env.isBlank() ? "/work/shared/data" : env);
        assumeTrue(Files.isDirectory(data.resolve("mnist")), "no MNIST under " + data);
        DataLocator loc = new DataLocator(data, Map.of(), Path.of(""), null);

        ImageDataset train = ImageDatasets.load(loc, "mnist", true, 0);
        assertEquals("mnist/train", train.name());
        assertEquals(60000, train.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        int[] histogram = new int[10];
        for (int i = 0; i < train.count(); i++) {
            histogram[train.label(i)]++;
        }
        assertArrayEquals(new int[]{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, histogram);
        assertEquals(10000, ImageDatasets.load(loc, "mnist", false, 0).count());
    }
}
