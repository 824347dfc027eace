package org.spikecoder.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes numeric tables as CSV (e.g. the loss per batch), atomically: a header line, then one line per row, values
 * separated by commas, lines ended by {@code '\n'}. Whole numbers are written without a fraction ("12", not
 * "12.0") so counters read back as integers; other values use Java's shortest round-trip form ({@code
 * Double.toString}: "0.125", "1.0E-5", "NaN", "Infinity"), which Python's {@code float()} and pandas parse.
 */
public final class CsvFile {
    private CsvFile() {
    }

    /**
     * @param header column names separated by commas, e.g. "epoch,batch,loss"; null for none
     * @param rows   one array per line, each as long as the header has columns. Not modified.
     * @throws IllegalArgumentException when a row's length differs from the header's
     * @throws org.spikecoder.SpikecoderException when the file cannot be written
     */
    public static void write(Path csv, String header, List<double[]> rows) {
        int columns = header == null ? -1 : header.split(",", -1).length;
        StringBuilder s = new StringBuilder();
        if (header != null) {
            s.append(header).append('\n');
        }
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            if (columns >= 0 && row.length != columns) {
                throw new IllegalArgumentException(csv + ": row " + r + " has " + row.length + " values, the header "
                        + columns + " columns");
            }
            for (int i = 0; i < row.length; i++) {
                s.append(i > 0 ? "," : "").append(format(row[i]));
            }
            s.append('\n');
        }
        AtomicFiles.writeString(csv, s.toString());
    }

    /** "12" for whole numbers below 1e15 in magnitude, else {@link Double#toString}. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
