package org.spikecoder.audio;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.spikecoder.SpikecoderException;
import org.spikecoder.data.DataLocator;

/**
 * Loads a spoken-digit corpus as train and test {@link DigitSet}s of spectrograms.
 *
 * <p>FSDD (the default, {@code $SPIKECODER_DATA/fsdd}): 3000 clips, 2700 train / 300 test by its official split.
 * Every clip is read ({@link AudioFiles}, WAV or SPHERE by content), resampled to the analysis rate and turned into
 * a spectrogram ({@link Spectrogram}), in parallel; clips keep the corpus's listing order (sorted by name), so the
 * result does not depend on the thread count. Any unreadable clip stops the load with its one-line error.
 */
public final class SpokenDigits {
    /** The two halves of a corpus. */
    public record Split(DigitSet train, DigitSet test) {
    }

    private SpokenDigits() {
    }

    /** FSDD from the data folder ({@code locator.datasetDir("fsdd")}). */
    public static Split loadFsdd(DataLocator locator, SpectrogramConfig config) {
        return load(locator.datasetDir("fsdd"), DigitCorpus.FSDD, config, "fsdd");
    }

    /**
     * @param dir    the corpus folder (see {@link DigitCorpus} for what each corpus expects in it)
     * @param name   prefix of the sets' names, e.g. "fsdd" gives "fsdd/train" and "fsdd/test"
     * @throws org.spikecoder.SpikecoderException for a missing or empty folder or any bad clip
     */
    public static Split load(Path dir, DigitCorpus corpus, SpectrogramConfig config, String name) {
        List<DigitClip> clips = corpus.list(dir);
        Spectrogram spectrogram = new Spectrogram(config);
        List<DigitClip> train = clips.stream().filter(c -> !c.test()).toList();
        List<DigitClip> test = clips.stream().filter(DigitClip::test).toList();
        if (train.isEmpty() || test.isEmpty()) {
            // an empty set would train nothing or score NaN, and still look like a finished run
            throw new SpikecoderException(dir + ": holds " + train.size() + " training and " + test.size() + " test"
                    + " clips; both are needed (" + corpus + "'s split: " + corpus.describe() + ")");
        }
        long floats = (long) clips.size() * config.inputSize();
        if (floats > Integer.MAX_VALUE - 8) {
            throw new SpikecoderException(clips.size() + " clips of " + config.inputSize() + " inputs (--frames "
                    + config.frames() + " x " + config.channels() + " channels) do not fit a Java array; use a"
                    + " smaller --frames");
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (4 * floats > free) {
            throw new SpikecoderException(String.format(java.util.Locale.ROOT, "%d clips of %d inputs (--frames %d)"
                    + " need %.2f GiB but the Java heap has %.2f GiB free; use a smaller --frames, or raise the heap"
                    + " with SPIKECODER_JAVA_OPTS=-Xmx<size>", clips.size(), config.inputSize(), config.frames(),
                    4 * floats / 1073741824.0, free / 1073741824.0));
        }
        return new Split(convert(train, spectrogram, name + "/train"), convert(test, spectrogram, name + "/test"));
    }

    /** Reads and converts the clips, in their order. Not modified. */
    public static DigitSet convert(List<DigitClip> clips, Spectrogram spectrogram, String name) {
        int n = clips.size();
        int size = spectrogram.config().inputSize();
        float[] inputs = new float[Math.multiplyExact(n, size)];
        int[] labels = new int[n];
        String[] names = new String[n];
        String[] speakers = new String[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            DigitClip c = clips.get(i);
            float[] s = spectrogram.compute(AudioFiles.read(c.file()));
            System.arraycopy(s, 0, inputs, i * size, size);
            labels[i] = c.digit();
            names[i] = c.name();
            speakers[i] = c.speaker();
        });
        return new DigitSet(name, spectrogram.config(), inputs, labels, names, speakers);
    }
}
