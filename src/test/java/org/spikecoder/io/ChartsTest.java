package org.spikecoder.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    private static double[][] curve(int n, double rate) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = Math.exp(-rate * i) + 0.05 * Math.sin(i);
        }
        return new double[][]{x, y};
    }

    @Test
    void lossCurveIsAPng() throws IOException {
        Path png = dir.resolve("loss.png");
        double[][] c = curve(200, 0.02);
        c[1][50] = Double.NaN; // a diverged batch must not break the chart
        Charts.lossCurve(png, c[0], c[1], "Training loss", "batch", "loss");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
    }

    @Test
    void severalLines() throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("train", curve(100, 0.03));
        series.put("test", curve(100, 0.02));
        series.put("all NaN", new double[][]{{1, 2}, {Double.NaN, Double.NaN}});
        Path png = dir.resolve("lines.png");
        Charts.lines(png, "Loss", "epoch", "z-scored MSE", series);
        assertEquals(Charts.WIDTH, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void seriesLengthsMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> Charts.lossCurve(dir.resolve("x.png"), new double[3],
                new double[2], "t", "x", "y"));
    }

    @Test
    void csvWritesWholeNumbersWithoutFraction() throws IOException {
        Path csv = dir.resolve("loss.csv");
        CsvFile.write(csv, "epoch,batch,loss", List.of(new double[]{0, 1, 0.125}, new double[]{0, 2, Double.NaN}));
        assertEquals("epoch,batch,loss\n0,1,0.125\n0,2,NaN\n", Files.readString(csv));
        assertThrows(IllegalArgumentException.class, () -> CsvFile.write(csv, "a,b", List.of(new double[1])));
        assertEquals("1.0E-5", CsvFile.format(1e-5));
    }
}
