package org.spikecoder.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.IoErrors;
import org.spikecoder.SpikecoderException;

/**
 * The spoken-digit corpora spikecoder reads, and how each names its files and splits them.
 *
 * <ul>
 * <li>{@link #FSDD}: the Free Spoken Digit Dataset. The files {@code {digit}_{speaker}_{index}.wav} directly in the
 * folder (or in its {@code recordings/} subfolder when there is one); the official split: index 0-4 test, 5-49
 * train.</li>
 * <li>{@link #TI46}: the TI-46 corpus (or its TI-20 part), any depth below the folder. A file belongs to a digit
 * when its name starts with TI-46's word code {@code 00}..{@code 09} followed by the speaker code ({@code f1}..
 * {@code f8}, {@code m1}..{@code m8}), e.g. {@code 03m2set1.wav} is "three" by m2; the other words (codes 10-19)
 * are skipped. The split is the corpus's own: a file with a folder named {@code test} (any case) on its path below
 * the root is a test clip, all others train. The files may be SPHERE despite the .wav name; the reader goes by
 * content.</li>
 * </ul>
 * Files that do not match are skipped with a debug log; a folder with no matching file at all is an error. Clips are
 * listed in a fixed order: sorted by their path relative to the folder.
 */
public enum DigitCorpus {
    FSDD(Pattern.compile("([0-9])_([A-Za-z0-9-]+)_([0-9]+)\\.wav")),
    TI46(Pattern.compile("0([0-9])([fmFM][0-9]+).*"));

    private static final Logger LOG = LogManager.getLogger(DigitCorpus.class);
    /** FSDD recordings with an index below this are its official test set. */
    public static final int FSDD_TEST_INDICES = 5;

    private final Pattern pattern;

    DigitCorpus(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Lists the clips of this corpus under {@code dir}, in a fixed order (see the class comment).
     *
     * @throws SpikecoderException when the folder is missing or unreadable or holds no matching file
     */
    public List<DigitClip> list(Path dir) {
        Path root = this == FSDD && Files.isDirectory(dir.resolve("recordings")) ? dir.resolve("recordings") : dir;
        if (!Files.isDirectory(root)) {
            throw new SpikecoderException(root + ": no such folder");
        }
        List<Path> files;
        try (Stream<Path> s = this == FSDD ? Files.list(root) : Files.walk(root)) {
            // a dangling link is kept here so that one named like a clip is reported below, not silently skipped
            files = s.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p)).map(root::relativize)
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            IOException io = e instanceof IOException x ? x : ((java.io.UncheckedIOException) e).getCause();
            throw new SpikecoderException(root + ": cannot list: " + IoErrors.describe(io), io);
        }
        List<DigitClip> clips = new ArrayList<>();
        for (Path rel : files) {
            DigitClip c = parse(root, rel);
            if (c != null && !Files.isRegularFile(root.resolve(rel))) {
                throw new SpikecoderException(root.resolve(rel) + ": a symbolic link to a missing file (or not a"
                        + " file); fix or remove it");
            }
            if (c == null) {
                LOG.debug("{}: skipped, not a {} digit file name", root.resolve(rel), this);
            } else {
                clips.add(c);
            }
        }
        if (clips.isEmpty()) {
            throw new SpikecoderException(root + ": holds no " + this + " digit recordings (" + describe() + ")");
        }
        return clips;
    }

    /* The clip a file stands for, or null when its name does not match. rel is relative to root. */
    DigitClip parse(Path root, Path rel) {
        String name = rel.getFileName().toString();
        Matcher m = pattern.matcher(name);
        if (!m.matches()) {
            return null;
        }
        int digit = Integer.parseInt(m.group(1));
        if (this == FSDD) {
            String index = m.group(3);
            // long runs of digits cannot be a real index; treat them as "not an FSDD name" instead of overflowing
            boolean test = index.length() <= 9 && Integer.parseInt(index) < FSDD_TEST_INDICES;
            return new DigitClip(root.resolve(rel), name, digit, m.group(2), test);
        }
        boolean test = false;
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            test |= rel.getName(i).toString().toLowerCase(Locale.ROOT).equals("test");
        }
        return new DigitClip(root.resolve(rel), rel.toString(), digit, m.group(2).toLowerCase(Locale.ROOT), test);
    }

    /** The accepted file names, for error messages. */
    public String describe() {
        return this == FSDD ? "expected {digit}_{speaker}_{index}.wav, e.g. 3_theo_17.wav"
                : "expected TI-46 names starting with word code 00-09 and a speaker, e.g. 03m2set1.wav";
    }
}
