package org.spikecoder.cli;

import java.util.Map;

/**
 * The command line's names for the library's fields, so that an error from below reads as the flags a user typed:
 * a field is {@code --} and its name in kebab case ({@code limitTrain} is {@code --limit-train}), except the few
 * flags that are shorter than their field.
 */
final class Flags {
    private static final Map<String, String> SHORTER = Map.of(
            "learningRate", "--lr",
            "batchSize", "--batch",
            "traceMode", "--trace",
            "clampMembrane", "--clamp",
            "dataFolder", "--data",
            "autoencoder", "--ae",
            "limit", "--limit-test");

    private Flags() {
    }

    /** The flag of a field, e.g. "--lr" for "learningRate". */
    static String of(String field) {
        String flag = SHORTER.get(field);
        if (flag != null) {
            return flag;
        }
        StringBuilder sb = new StringBuilder("--");
        for (char c : field.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
