package org.spikecoder.audio;

import java.nio.file.Path;

/**
 * One recording of a spoken digit, as its file name describes it.
 *
 * @param file    the audio file
 * @param name    the file name, e.g. "3_theo_17.wav"
 * @param digit   the spoken digit 0-9 (the class label)
 * @param speaker the speaker's name or code, e.g. "theo" or "f1"
 * @param test    true when the corpus's split puts the clip in the test set
 */
public record DigitClip(Path file, String name, int digit, String speaker, boolean test) {
}
