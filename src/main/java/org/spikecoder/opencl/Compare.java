package org.spikecoder.opencl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * The one comparison of device results with the reference that {@code spikecoder verify}, {@link BatchParity},
 * {@link KernelCases} and the native tests use: element by element, {@code |actual - expected| <= abs + rel *
 * |expected|}, or equal bits where both tolerances are 0 (+0 and -0 count as equal), as in CLBlast's tester; a
 * mismatch is reported with its count and the first few indices, as llm.c's validation does. Collects the largest
 * absolute and relative differences seen, and the first failure.
 */
public final class Compare {
    /** Mismatches listed per array in a failure message. */
    static final int FIRST = 5;

    private double maxAbs;
    private double maxRel;
    private String failure;
    private int failed;

    /** Largest |actual - expected| seen. */
    public double maxAbs() {
        return maxAbs;
    }

    /** Largest |actual - expected| / |expected| seen over non-zero expected values. */
    public double maxRel() {
        return maxRel;
    }

    /** The first failure (which array, how many elements differ, the first of them with their indices), or null. */
    public String failure() {
        return failure;
    }

    /** Arrays (or values) that failed. */
    public int failed() {
        return failed;
    }

    public boolean passed() {
        return failure == null;
    }

    /** Records a failure that is not an element-wise difference (e.g. an exception). */
    public void fail(String what) {
        failed++;
        if (failure == null) {
            failure = what;
        }
    }

    /** Element-wise within {@code abs + rel * |expected|} over the first {@code count} elements; exact when both are 0. */
    public void close(String what, float[] expected, float[] actual, int count, double abs, double rel) {
        List<String> first = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (!within(expected[i], actual[i], abs, rel)) {
                if (first.size() < FIRST) {
                    first.add(String.format(Locale.ROOT, "[%d] expected %.9g got %.9g", i, expected[i], actual[i]));
                }
                n++;
            }
        }
        report(what, n, count, abs, rel, first);
    }

    public void close(String what, float[] expected, float[] actual, double abs, double rel) {
        if (lengths(what, expected.length, actual.length)) {
            close(what, expected, actual, expected.length, abs, rel);
        }
    }

    /** Doubles (e.g. loss sums), the same rule. */
    public void close(String what, double[] expected, double[] actual, int count, double abs, double rel) {
        List<String> first = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (!within(expected[i], actual[i], abs, rel)) {
                if (first.size() < FIRST) {
                    first.add(String.format(Locale.ROOT, "[%d] expected %.17g got %.17g", i, expected[i],
                            actual[i]));
                }
                n++;
            }
        }
        report(what, n, count, abs, rel, first);
    }

    public void exact(String what, float[] expected, float[] actual, int count) {
        close(what, expected, actual, count, 0, 0);
    }

    public void exact(String what, int[] expected, int[] actual, int count) {
        exact(what, count, i -> expected[i], i -> actual[i]);
    }

    public void exact(String what, int[] expected, int[] actual) {
        if (lengths(what, expected.length, actual.length)) {
            exact(what, expected, actual, expected.length);
        }
    }

    public void exact(String what, byte[] expected, byte[] actual, int count) {
        exact(what, count, i -> expected[i], i -> actual[i]);
    }

    public void exact(String what, byte[] expected, byte[] actual) {
        if (lengths(what, expected.length, actual.length)) {
            exact(what, expected, actual, expected.length);
        }
    }

    /** Integers (counts, event lists, spike rasters) must be equal. */
    private void exact(String what, int count, IntUnaryOperator expected, IntUnaryOperator actual) {
        List<String> first = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < count; i++) {
            int e = expected.applyAsInt(i);
            int a = actual.applyAsInt(i);
            if (e != a) {
                if (first.size() < FIRST) {
                    first.add("[" + i + "] expected " + e + " got " + a);
                }
                n++;
            }
        }
        report(what, n, count, 0, 0, first);
    }

    private boolean within(double e, double a, double abs, double rel) {
        double d = Math.abs(a - e);
        if (!Double.isNaN(d)) {
            maxAbs = Math.max(maxAbs, d);
            if (e != 0) {
                maxRel = Math.max(maxRel, d / Math.abs(e));
            }
        }
        if (abs == 0 && rel == 0) {
            return e == a || Double.doubleToLongBits(e) == Double.doubleToLongBits(a);
        }
        return d <= abs + rel * Math.abs(e);
    }

    private boolean lengths(String what, int expected, int actual) {
        if (expected != actual) {
            fail(what + ": expected " + expected + " elements, got " + actual);
            return false;
        }
        return true;
    }

    private void report(String what, int n, int count, double abs, double rel, List<String> first) {
        if (n == 0) {
            return;
        }
        String rule = abs == 0 && rel == 0 ? "differ" : "outside " + abs + " + " + rel + " x |expected|";
        fail(what + ": " + n + " of " + count + " " + rule + "; first " + String.join(", ", first));
    }
}
