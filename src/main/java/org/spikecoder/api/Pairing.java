package org.spikecoder.api;

import java.util.Locale;

import org.spikecoder.SettingException;

/** How an audiocoder's training clips are paired with images (the paper's datasets A and B). */
public enum Pairing {
    /** Every clip of a digit with one fixed training image of that digit (the first of its class). */
    A,
    /** Each training clip with a seeded random training image of its digit. */
    B;

    /** @throws SettingException naming the field {@code pairing} for anything but A or B */
    public static Pairing parse(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        if (!t.equals("A") && !t.equals("B")) {
            throw new SettingException("{pairing} must be A or B, got '%s'", text);
        }
        return valueOf(t);
    }
}
