package org.spikecoder.audio;

/**
 * Parameters of the {@link Spectrogram} front end. Immutable.
 *
 * <p>Defaults ({@link #defaults()}): 8000 Hz analysis rate (FSDD's own), 256-sample (32 ms) Hann frames, an 80-sample
 * (10 ms) hop, 100 frames, 39 mel channels from 0 to 4000 Hz, a 60 dB dynamic range: 3,900 inputs covering the first
 * {@code 99 * 80 + 256 = 8176} samples (1.02 s), which holds 99% of FSDD's clips whole (median 0.42 s, longest 2.28 s).
 * The range: on pictures of FSDD clips the background noise lies roughly 50-60 dB below the loudest speech, so 80 dB
 * draws it mid-grey (it would be rate-coded into spikes) and 60 dB mostly dark, keeping harmonics and formants.
 * {@link #paper()}: 1500 frames as in the paper (58,500 inputs) at a 12-sample (1.5 ms) hop, covering 2.25 s, so
 * every FSDD clip but the longest (which loses its last 2 ms) fits whole; most of its frames are padding for the
 * short FSDD clips.
 *
 * @param sampleRate  analysis rate in Hz; clips at other rates are resampled to it
 * @param frameLength samples per FFT frame, a power of two (Commons Math's FFT needs one)
 * @param hop         samples between frame starts
 * @param frames      F: frames per clip, after padding with silence or trimming
 * @param channels    frequency channels (triangular filters)
 * @param scale       how the channel centres are spaced
 * @param minHz       lower edge of the lowest filter
 * @param maxHz       upper edge of the highest filter, at most {@code sampleRate / 2}
 * @param rangeDb     dynamic range kept below a clip's loudest value; quieter values (and padding) map to 0
 * @param headroomDb  values within this many dB of a clip's loudest map to 1 (0: only the loudest); a larger value
 *                    gives more inputs the rate 1, whose spike trains carry no Bernoulli noise
 */
public record SpectrogramConfig(int sampleRate, int frameLength, int hop, int frames, int channels,
                                FrequencyScale scale, double minHz, double maxHz, double rangeDb, double headroomDb) {
    public static final int DEFAULT_RATE = 8000;
    public static final int DEFAULT_FRAMES = 100;
    public static final int PAPER_FRAMES = 1500;
    public static final int CHANNELS = 39;
    public static final double DEFAULT_RANGE_DB = 60;

    public SpectrogramConfig {
        if (sampleRate <= 0 || hop <= 0 || frames <= 0 || channels <= 0) {
            throw new IllegalArgumentException("sample rate, hop, frames and channels must be positive: " + sampleRate
                    + ", " + hop + ", " + frames + ", " + channels);
        }
        if (frameLength < 2 || Integer.bitCount(frameLength) != 1) {
            throw new IllegalArgumentException("frame length must be a power of two, got " + frameLength);
        }
        if (!(minHz >= 0 && minHz < maxHz && maxHz <= sampleRate / 2.0)) {
            throw new IllegalArgumentException("need 0 <= minHz < maxHz <= " + sampleRate / 2.0 + ", got " + minHz
                    + ", " + maxHz);
        }
        if (!(rangeDb > 0)) {
            throw new IllegalArgumentException("dynamic range must be positive, got " + rangeDb);
        }
        if (!(headroomDb >= 0 && headroomDb < rangeDb)) {
            throw new IllegalArgumentException("headroom must be in [0, range " + rangeDb + ") dB, got " + headroomDb);
        }
        if ((long) frames * channels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(frames + " frames x " + channels + " channels is too many inputs");
        }
        if (scale == null) {
            throw new IllegalArgumentException("scale must be given");
        }
    }

    /** Without headroom: only a clip's loudest value maps to 1. */
    public SpectrogramConfig(int sampleRate, int frameLength, int hop, int frames, int channels, FrequencyScale scale,
                             double minHz, double maxHz, double rangeDb) {
        this(sampleRate, frameLength, hop, frames, channels, scale, minHz, maxHz, rangeDb, 0);
    }

    /** The CPU-friendly default: 100 frames x 39 mel channels (see the class comment). */
    public static SpectrogramConfig defaults() {
        return new SpectrogramConfig(DEFAULT_RATE, 256, 80, DEFAULT_FRAMES, CHANNELS, FrequencyScale.MEL, 0,
                DEFAULT_RATE / 2.0, DEFAULT_RANGE_DB);
    }

    /** The paper's size: 1500 frames x 39 channels = 58,500 inputs (see the class comment). */
    public static SpectrogramConfig paper() {
        return defaults().withFrames(PAPER_FRAMES, 12);
    }

    /** A copy with another frame count and hop. */
    public SpectrogramConfig withFrames(int newFrames, int newHop) {
        return new SpectrogramConfig(sampleRate, frameLength, newHop, newFrames, channels, scale, minHz, maxHz,
                rangeDb, headroomDb);
    }

    /** A copy with another dynamic range (dB kept below a clip's loudest value). */
    public SpectrogramConfig withRangeDb(double newRangeDb) {
        return new SpectrogramConfig(sampleRate, frameLength, hop, frames, channels, scale, minHz, maxHz, newRangeDb,
                headroomDb);
    }

    /** A copy with another headroom (dB below a clip's loudest value that still map to 1). */
    public SpectrogramConfig withHeadroomDb(double newHeadroomDb) {
        return new SpectrogramConfig(sampleRate, frameLength, hop, frames, channels, scale, minHz, maxHz, rangeDb,
                newHeadroomDb);
    }

    /** A copy with another channel spacing. */
    public SpectrogramConfig withScale(FrequencyScale newScale) {
        return new SpectrogramConfig(sampleRate, frameLength, hop, frames, channels, newScale, minHz, maxHz, rangeDb,
                headroomDb);
    }

    /** Network inputs per clip: {@code frames * channels}. */
    public int inputSize() {
        return frames * channels;
    }

    /** Samples covered by the F frames: {@code (frames - 1) * hop + frameLength}. */
    public long coveredSamples() {
        return (long) (frames - 1) * hop + frameLength;
    }
}
