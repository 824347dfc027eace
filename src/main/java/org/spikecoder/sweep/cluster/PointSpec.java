package org.spikecoder.sweep.cluster;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One grid point as it travels to a worker.
 *
 * @param name    the point's folder under the sweep's --out, e.g. "leak-0.1_mask-on"
 * @param id      the point's folder on a worker: the name and a hash of every option, so two sweeps that share
 *                grid values but not their other options never share a worker folder, and the same point sent
 *                again finds the run it already finished
 * @param options the command and its options, without --out (the worker chooses it)
 * @param version the sweep's spikecoder version; a worker running another one refuses the point
 */
public record PointSpec(String name, String id, List<String> options, String version) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PointSpec {
        options = List.copyOf(options);
    }

    /** A point whose id is {@code name} and the first 12 hex digits of SHA-256 over its options. */
    public static PointSpec of(String name, List<String> options, String version) {
        return new PointSpec(name, name + "-" + hash(options), options, version);
    }

    static String hash(List<String> options) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String o : options) {
                sha.update(o.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0); // "--a b" and "--a" "b" differ
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
