package org.spikecoder.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG line charts drawn with XChart, e.g. the loss per batch. 800 x 500 pixels, written atomically.
 *
 * <p>Non-finite points (a diverged loss) are left out, because XChart cannot scale an axis to NaN or infinity; a
 * series with no finite point is left out entirely.
 */
public final class Charts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    static {
        // XChart draws with AWT; without this, a DISPLAY variable pointing to a dead X server would make it fail.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /**
     * One curve, no legend.
     *
     * @param x the abscissas (e.g. batch numbers). Not modified.
     * @param y as many ordinates as {@code x}. Not modified.
     */
    public static void lossCurve(Path png, double[] x, double[] y, String title, String xLabel, String yLabel) {
        Map<String, double[][]> one = new LinkedHashMap<>();
        one.put(yLabel, new double[][]{x, y});
        write(png, chart(title, xLabel, yLabel, one, false));
    }

    /**
     * Several curves with a legend.
     *
     * @param series name -> {x[], y[]} (equal lengths), drawn in the map's iteration order (pass a LinkedHashMap for
     *               a fixed order). Not modified.
     * @throws IllegalArgumentException when a series' x and y differ in length
     */
    public static void lines(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        write(png, chart(title, xLabel, yLabel, series, true));
    }

    static XYChart chart(String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean legend) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendVisible(legend);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[] x = e.getValue()[0];
            double[] y = e.getValue()[1];
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + e.getKey() + ": " + x.length + " x values but "
                        + y.length + " y values");
            }
            double[][] finite = finitePoints(x, y);
            if (finite[0].length > 0) {
                chart.addSeries(e.getKey(), finite[0], finite[1]).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    private static double[][] finitePoints(double[] x, double[] y) {
        double[] fx = new double[x.length];
        double[] fy = new double[y.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[n] = x[i];
                fy[n] = y[i];
                n++;
            }
        }
        return new double[][]{Arrays.copyOf(fx, n), Arrays.copyOf(fy, n)};
    }

    /**
     * Spike rasters as snnTorch's {@code spikeplot.raster} draws them: a dot at (time step, neuron index) for every
     * spike. One row of panels per sample, one column per layer; each panel 400 x 300 pixels.
     *
     * @param rasters     [sample][layer]: steps x sizes[layer] spikes (0/1), step after step. Not modified.
     * @param steps       T
     * @param sizes       neurons per layer. Not modified.
     * @param layerNames  one per layer, e.g. input, hidden, output
     * @param sampleNames one per sample, e.g. "test image 0 (label 7)"
     */
    public static void spikeRasters(Path png, byte[][][] rasters, int steps, int[] sizes, String[] layerNames,
                                    String[] sampleNames) {
        java.util.List<XYChart> panels = new java.util.ArrayList<>();
        for (int s = 0; s < rasters.length; s++) {
            for (int l = 0; l < sizes.length; l++) {
                panels.add(rasterPanel(rasters[s][l], steps, sizes[l], sampleNames[s] + ": " + layerNames[l]));
            }
        }
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(panels, rasters.length, sizes.length, out,
                BitmapEncoder.BitmapFormat.PNG));
    }

    static XYChart rasterPanel(byte[] spikes, int steps, int neurons, String title) {
        int n = 0;
        for (int i = 0; i < steps * neurons; i++) {
            n += spikes[i] != 0 ? 1 : 0;
        }
        double[] x = new double[Math.max(1, n)];
        double[] y = new double[Math.max(1, n)];
        int k = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < neurons; i++) {
                if (spikes[t * neurons + i] != 0) {
                    x[k] = t + 1;
                    y[k++] = i;
                }
            }
        }
        XYChart chart = new XYChartBuilder().width(400).height(300).title(title + " (" + n + " spikes)")
                .xAxisTitle("time step").yAxisTitle("neuron").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setXAxisMin(0.5).setXAxisMax(steps + 0.5).setYAxisMin(0.0).setYAxisMax((double) neurons);
        XYSeries dots = chart.addSeries("spikes", x, y);
        dots.setMarkerColor(java.awt.Color.BLACK).setMarker(SeriesMarkers.CIRCLE);
        if (n == 0) {
            dots.setMarker(SeriesMarkers.NONE); // a silent layer: axes only (XChart needs one point to scale)
        }
        return chart;
    }

    private static void write(Path png, XYChart chart) {
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
