package org.spikecoder.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;

/** A corpus folder that cannot give a usable training run is refused in one line before any clip is converted. */
class CorpusProblemsTest {
    @TempDir
    Path dir;

    private void clips(int fromIndex, int toIndex) throws IOException {
        Path rec = Files.createDirectories(dir.resolve("recordings"));
        for (int d = 0; d < 10; d++) {
            for (int k = fromIndex; k < toIndex; k++) {
                Files.write(rec.resolve(d + "_spk_" + k + ".wav"), WavBytes.mono16(new float[400], 8000));
            }
        }
    }

    private String failure() {
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> SpokenDigits.load(dir, DigitCorpus.FSDD, SpectrogramConfig.defaults(), "fsdd"));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void onlyTestClipsIsAnError() throws IOException {
        clips(0, 5);
        assertTrue(failure().contains("holds 0 training and 50 test clips"), failure());
    }

    @Test
    void aDanglingClipLinkIsNamed() throws IOException {
        clips(0, 7);
        Path link = dir.resolve("recordings").resolve("3_spk_9.wav");
        Files.createSymbolicLink(link, dir.resolve("gone.wav"));
        assertTrue(failure().startsWith(link + ": a symbolic link to a missing file"), failure());
    }

    @Test
    void tooManyFramesNameTheOption() throws IOException {
        clips(0, 7);
        SpectrogramConfig huge = SpectrogramConfig.defaults().withFrames(3_000_000, 80);
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> SpokenDigits.load(dir, DigitCorpus.FSDD, huge, "fsdd"));
        assertTrue(e.getMessage().contains("--frames 3000000"), e.getMessage());
    }
}
