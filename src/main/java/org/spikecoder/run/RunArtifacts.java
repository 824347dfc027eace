package org.spikecoder.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.EvalResult;
import org.spikecoder.io.AtomicFiles;
import org.spikecoder.io.Charts;
import org.spikecoder.io.CsvFile;
import org.spikecoder.io.ImageGrid;
import org.spikecoder.io.Json;
import org.spikecoder.io.Npy;

/** Writes what a run leaves in its --out folder besides the checkpoint: metrics, pictures, curves, weights. */
public final class RunArtifacts {
    private final Path dir;

    public RunArtifacts(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public void writeMetrics(String name, Map<String, Object> metrics) {
        AtomicFiles.writeString(dir.resolve(name), Json.metrics(name, metrics) + "\n");
    }

    /** Input / output pairs as the paper's Fig. 5B: pixels beside the output spike-count map. */
    public Path writeReconstructions(String name, ImageDataset data, EvalResult result) {
        Path png = dir.resolve(name);
        int n = result.kept();
        ImageGrid.writePairs(png, java.util.Arrays.copyOf(data.pixels(), n * data.pixelsPerImage()),
                result.outputCounts(), n, data.rows(), data.cols(), 5, 3);
        return png;
    }

    /** Per-batch training loss as CSV and as a PNG plot. */
    public void writeLossCurve(double[] loss, int batchSize) {
        List<double[]> rows = new ArrayList<>();
        double[] x = new double[loss.length];
        for (int i = 0; i < loss.length; i++) {
            x[i] = i + 1;
            rows.add(new double[] {i + 1, (double) (i + 1) * batchSize, loss[i]});
        }
        CsvFile.write(dir.resolve("loss.csv"), "batch,samples,loss", rows);
        if (loss.length > 0) {
            Charts.lossCurve(dir.resolve("loss.png"), x, loss, "Training loss per batch", "batch",
                    "mean 0.5|E|^2 per sample and step");
        }
    }

    /** Each layer's weights as layerN.npy, shape (post, pre), for NumPy users. */
    public void writeWeightsNpy(float[][] weights, int[] sizes) {
        for (int l = 1; l <= weights.length; l++) {
            Npy.write(dir.resolve("layer" + l + ".npy"), weights[l - 1], sizes[l], sizes[l - 1]);
        }
    }
}
