package org.spikecoder.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.spikecoder.IoErrors;
import org.spikecoder.SpikecoderException;

/**
 * Reads an audio file of either supported kind, chosen by its first bytes, not its name (TI-46's SPHERE files are
 * named *.wav): {@code "RIFF"} -> {@link WavReader}, {@code "NIST_1A"} -> {@link SphereReader}. The whole file is
 * read into memory; clips are small.
 */
public final class AudioFiles {
    /** Larger files are refused rather than risking an OutOfMemoryError: no spoken clip comes near this. */
    static final long MAX_BYTES = 1L << 30;
    /**
     * Sample rates a recording may have. Outside them a header is wrong, not the speech: resampling a "1 Hz" clip to
     * 8 kHz would multiply its length by 8000.
     */
    static final int MIN_RATE = 1000;
    static final int MAX_RATE = 768_000;

    private AudioFiles() {
    }

    /**
     * @throws SpikecoderException one line naming the file: unreadable, empty, neither WAV nor SPHERE, or any error
     *                             of the two readers
     */
    public static Audio read(Path file) {
        byte[] data = readBytes(file);
        String source = file.toString();
        if (data.length == 0) {
            throw new SpikecoderException(source + ": empty file");
        }
        String head = new String(data, 0, Math.min(8, data.length), StandardCharsets.ISO_8859_1);
        if (head.startsWith("RIFF")) {
            return checkRate(WavReader.decode(data, source));
        }
        if (head.startsWith("NIST_1A")) {
            return checkRate(SphereReader.decode(data, source));
        }
        if (head.startsWith("RIFX") || head.startsWith("RF64")) {
            throw new SpikecoderException(source + ": " + head.substring(0, 4) + " WAV variants are not supported; "
                    + "convert to a plain RIFF WAV");
        }
        throw new SpikecoderException(source + ": not a WAV or NIST SPHERE file");
    }

    private static Audio checkRate(Audio a) {
        if (a.sampleRate() < MIN_RATE || a.sampleRate() > MAX_RATE) {
            throw new SpikecoderException(a.source() + ": sample rate " + a.sampleRate() + " Hz is outside "
                    + MIN_RATE + ".." + MAX_RATE + " Hz (a damaged header?)");
        }
        return a;
    }

    /** The file's bytes, with read failures as one-line errors naming the file. */
    static byte[] readBytes(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new SpikecoderException(file + ": " + size + " bytes is too large for an audio clip");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SpikecoderException(file + ": cannot read: " + IoErrors.describe(e), e);
        }
    }
}
