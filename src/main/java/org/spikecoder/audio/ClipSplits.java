package org.spikecoder.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.spikecoder.SpikecoderException;

/**
 * Other ways to split spoken-digit clips than the corpus's own train/test split:
 * <ul>
 * <li>a <b>validation split</b> carved out of the training clips, on which every option is chosen (the test clips are
 * scored only for the final choice): FSDD recordings with index {@code 5 .. 5 + n - 1} of every speaker and digit
 * (the official test set is index 0-4, so these are the first n training recordings);</li>
 * <li>a <b>speaker-independent split</b>: every clip of one speaker is the test set, the other speakers' clips
 * (their official train and test clips) the training set.</li>
 * </ul>
 * Clips keep their order within each part, so results do not depend on how the split was computed.
 */
public final class ClipSplits {
    private static final Pattern FSDD_NAME = Pattern.compile("(\\d)_([^_]+)_(\\d{1,9})\\.wav");

    private ClipSplits() {
    }

    /** A split: the clips trained on and the clips held out. */
    public record Parts(DigitSet kept, DigitSet heldOut) {
    }

    /** The recording index of an FSDD file name ({@code 7_jackson_12.wav} -> 12). */
    public static int recordingIndex(String name) {
        Matcher m = FSDD_NAME.matcher(name);
        if (!m.matches()) {
            throw new SpikecoderException(name + ": not an FSDD name, so it has no recording index ("
                    + DigitCorpus.FSDD.describe() + ")");
        }
        return Integer.parseInt(m.group(3));
    }

    /**
     * Holds out the training recordings with index {@code first .. first + n - 1} of every speaker and digit.
     *
     * @param train FSDD training clips. Not modified.
     * @param first the first held-out index (FSDD: {@link DigitCorpus#FSDD_TEST_INDICES}, the first training index)
     * @param n     how many indices to hold out, at least 1
     */
    public static Parts validation(DigitSet train, int first, int n) {
        if (n < 1) {
            throw new SpikecoderException("the validation split needs at least one recording index, got " + n);
        }
        Parts p = partition(train, i -> {
            int index = recordingIndex(train.names()[i]);
            return index >= first && index < first + n;
        }, "validation");
        if (p.heldOut().count() == 0 || p.kept().count() == 0) {
            throw new SpikecoderException("the validation split (recording indices " + first + ".." + (first + n - 1)
                    + ") leaves " + p.kept().count() + " training and " + p.heldOut().count()
                    + " validation clips; both must be non-empty");
        }
        return p;
    }

    /**
     * Every clip of {@code speaker} (from both sets) held out, the other speakers' clips kept.
     *
     * @param train the corpus's training clips. Not modified.
     * @param test  the corpus's test clips. Not modified.
     */
    public static Parts speaker(DigitSet train, DigitSet test, String speaker) {
        DigitSet all = concat(train, test, "all");
        String s = speaker.toLowerCase(Locale.ROOT);
        Parts p = partition(all, i -> all.speakers()[i].toLowerCase(Locale.ROOT).equals(s), "speaker-" + s);
        if (p.heldOut().count() == 0) {
            throw new SpikecoderException("no clip of speaker '" + speaker + "'; the speakers are "
                    + String.join(", ", new java.util.TreeSet<>(java.util.Arrays.asList(all.speakers()))));
        }
        if (p.kept().count() == 0) {
            throw new SpikecoderException("speaker '" + speaker + "' is the only speaker: nothing is left to train on");
        }
        return p;
    }

    /** The clips of a followed by those of b. */
    public static DigitSet concat(DigitSet a, DigitSet b, String name) {
        if (!a.config().equals(b.config())) {
            throw new IllegalArgumentException("spectrogram settings differ");
        }
        int size = a.inputSize();
        float[] inputs = new float[(a.count() + b.count()) * size];
        System.arraycopy(a.inputs(), 0, inputs, 0, a.count() * size);
        System.arraycopy(b.inputs(), 0, inputs, a.count() * size, b.count() * size);
        int[] labels = new int[a.count() + b.count()];
        System.arraycopy(a.labels(), 0, labels, 0, a.count());
        System.arraycopy(b.labels(), 0, labels, a.count(), b.count());
        String[] names = new String[labels.length];
        String[] speakers = new String[labels.length];
        System.arraycopy(a.names(), 0, names, 0, a.count());
        System.arraycopy(b.names(), 0, names, a.count(), b.count());
        System.arraycopy(a.speakers(), 0, speakers, 0, a.count());
        System.arraycopy(b.speakers(), 0, speakers, a.count(), b.count());
        return new DigitSet(name, a.config(), inputs, labels, names, speakers);
    }

    private static Parts partition(DigitSet set, IntPredicate heldOut, String heldName) {
        List<Integer> keep = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < set.count(); i++) {
            (heldOut.test(i) ? held : keep).add(i);
        }
        return new Parts(select(set, keep, set.name()), select(set, held, heldName));
    }

    private static DigitSet select(DigitSet set, List<Integer> ids, String name) {
        int size = set.inputSize();
        float[] inputs = new float[ids.size() * size];
        int[] labels = new int[ids.size()];
        String[] names = new String[ids.size()];
        String[] speakers = new String[ids.size()];
        for (int k = 0; k < ids.size(); k++) {
            int i = ids.get(k);
            System.arraycopy(set.inputs(), i * size, inputs, k * size, size);
            labels[k] = set.labels()[i];
            names[k] = set.names()[i];
            speakers[k] = set.speakers()[i];
        }
        return new DigitSet(name, set.config(), inputs, labels, names, speakers);
    }
}
