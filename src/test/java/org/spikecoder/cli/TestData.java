package org.spikecoder.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.SyntheticImages;

/** Writes a small MNIST-shaped data folder (gzipped IDX) so command-line tests need no downloaded data. */
public final class TestData {
    private TestData() {
    }

    /** Creates DIR/mnist with {@code train} training and {@code test} test images of 28 x 28. */
    public static Path mnistFolder(Path dir, int train, int test) throws IOException {
        Path mnist = Files.createDirectories(dir.resolve("mnist"));
        write(mnist, "train", SyntheticImages.bars(train, 28, 28, 1));
        write(mnist, "t10k", SyntheticImages.bars(test, 28, 28, 2));
        return dir;
    }

    /**
     * Creates DIR/fsdd/recordings with FSDD-named clips: digit d is a tone of 300 + 250 d Hz with a rising
     * second partial, so clips of one digit sound alike and digits differ. Indices 0..4 are test clips.
     */
    public static Path fsddFolder(Path dir, int speakers, int perDigit) throws IOException {
        Path rec = Files.createDirectories(dir.resolve("fsdd").resolve("recordings"));
        for (int d = 0; d < 10; d++) {
            for (int s = 0; s < speakers; s++) {
                for (int k = 0; k < perDigit; k++) {
                    int n = 2000 + 200 * k;
                    float[] x = new float[n];
                    double f = 300 + 250 * d + 7 * s;
                    for (int i = 0; i < n; i++) {
                        double t = i / 8000.0;
                        x[i] = (float) (0.4 * Math.sin(2 * Math.PI * f * t)
                                + 0.2 * Math.sin(2 * Math.PI * (2 * f + 400 * t) * t));
                    }
                    Files.write(rec.resolve(d + "_spk" + s + "_" + k + ".wav"),
                            org.spikecoder.audio.WavBytes.mono16(x, 8000));
                }
            }
        }
        return dir;
    }

    private static void write(Path folder, String prefix, ImageDataset d) throws IOException {
        try (DataOutputStream out = gz(folder.resolve(prefix + "-images-idx3-ubyte.gz"))) {
            out.writeInt(2051);
            out.writeInt(d.count());
            out.writeInt(d.rows());
            out.writeInt(d.cols());
            for (float p : d.pixels()) {
                out.writeByte(Math.round(p * 255));
            }
        }
        try (DataOutputStream out = gz(folder.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
            out.writeInt(2049);
            out.writeInt(d.count());
            out.write(d.labels());
        }
    }

    private static DataOutputStream gz(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new GZIPOutputStream(raw));
    }
}
