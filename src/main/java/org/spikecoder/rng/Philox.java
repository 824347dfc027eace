package org.spikecoder.rng;

/**
 * Philox4x32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11).
 *
 * <p>Every random number in spikecoder is a pure function of (seed, counter), so the CPU reference and the
 * OpenCL kernels ({@code kernels/common.cl}, function {@code philox4x32_10}) draw identical numbers for the same
 * (sample, step, neuron) without sharing any generator state. Stateless and thread-safe.
 */
public final class Philox {
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    /** Streams keep the purposes of random numbers apart (the fourth counter word). */
    public static final int STREAM_TRAIN_INPUT = 0;
    public static final int STREAM_EVAL_INPUT = 1;
    public static final int STREAM_INIT = 2;
    public static final int STREAM_SHUFFLE = 3;

    private Philox() {
    }

    /**
     * Ten Philox rounds on the counter (c0..c3) with key (k0, k1).
     *
     * @param out receives the four 32-bit outputs. Modified.
     */
    public static void philox4x32(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & 0xFFFFFFFFL);
            long p1 = M1 * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            int n0 = hi1 ^ c1 ^ k0;
            int n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** Maps the top 24 bits of a 32-bit draw to a float in [0, 1), exactly as {@code uniform24} in common.cl. */
    public static float uniform24(int bits) {
        return (bits >>> 8) * 0x1.0p-24f;
    }

    /**
     * One uniform float in [0, 1) for element {@code index} of the (a, b, stream) sequence under {@code seed}.
     * Four consecutive indices share one Philox call (counter word 0 is index / 4).
     */
    public static float uniform(long seed, int index, int a, int b, int stream) {
        int[] out = new int[4];
        philox4x32(index >>> 2, a, b, stream, (int) seed, (int) (seed >>> 32), out);
        return uniform24(out[index & 3]);
    }
}
