package org.spikecoder.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.spikecoder.IoErrors;
import org.spikecoder.SettingException;
import org.spikecoder.SpikecoderException;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

/**
 * A trained (or partly trained) network with everything needed to evaluate it or to resume its training.
 *
 * <p>File format (docs/CHECKPOINT.md), all integers and floats big-endian:
 * <pre>
 *   8 bytes   magic "SPKCKPT1"
 *   int32     length H of the header
 *   H bytes   UTF-8 JSON header: kind, sizes, config, dataset, limit_train, epoch, next_batch, train_seconds,
 *             samples_seen, loss (per-batch loss so far), meta (settings of the command, e.g. the pairing)
 *   float32[] weights of layer 1 ([post][pre], sizes[1] * sizes[0] values), then layer 2, ...
 *   int64     CRC-32 of every byte before it
 * </pre>
 * Written atomically: a crash while saving leaves the previous checkpoint intact.
 *
 * @param kind       "autoencoder" or "audiocoder"
 * @param epoch      epoch in progress (0-based); equals config.epochs() when training is complete
 * @param nextBatch  first batch of {@code epoch} not yet trained
 * @param loss       mean loss per sample and step of every batch trained so far
 * @param meta       command settings that are not training options (pairing, spectrogram frames, ...); may be empty
 */
public record Checkpoint(String kind, NetworkSpec network, TrainConfig config, String dataset, int limitTrain,
                         int epoch, int nextBatch, double trainSeconds, long samplesSeen, double[] loss,
                         float[][] weights, java.util.Map<String, String> meta) {

    public Checkpoint {
        meta = meta == null ? java.util.Map.of() : new java.util.TreeMap<>(meta);
    }

    public static final String FILE_NAME = "checkpoint.spk";
    private static final byte[] MAGIC = "SPKCKPT1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 64 << 20;
    /** Magic, header length and checksum: the bytes of a checkpoint besides its header and weights. */
    private static final long FIXED_BYTES = 8 + 4 + 8;
    private static final java.util.Set<String> KINDS = java.util.Set.of("autoencoder", "audiocoder", "synthesis");

    /** JSON header: the checkpoint minus its weights. */
    private record Header(String kind, int[] sizes, TrainConfig config, String dataset, int limit_train, int epoch,
                          int next_batch, double train_seconds, long samples_seen, double[] loss,
                          java.util.Map<String, String> meta) {
    }

    public boolean complete() {
        return epoch >= config.epochs();
    }

    /**
     * Writes this checkpoint atomically, replacing {@code file}.
     *
     * @throws SpikecoderException naming the file and the first bad weight when a weight is NaN or infinite: such a
     *                             file could never be loaded, and writing it would replace a good one
     */
    public void write(Path file) {
        write(file, null);
    }

    /**
     * As {@link #write(Path)}, keeping the checkpoint {@code file} held before as {@link #previousOf(Path)}, so a
     * save that later proves bad still leaves the one before it.
     */
    public void writeKeepingPrevious(Path file) {
        write(file, previousOf(file));
    }

    /** Where {@link #writeKeepingPrevious} keeps the previous generation: checkpoint.spk -> checkpoint.prev.spk. */
    public static Path previousOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String prev = dot > 0 ? name.substring(0, dot) + ".prev" + name.substring(dot) : name + ".prev";
        return file.resolveSibling(prev);
    }

    private void write(Path file, Path previous) {
        String nonFinite = FiniteWeights.firstNonFinite(weights);
        if (nonFinite != null) {
            throw new SpikecoderException(file + ": not saved: " + nonFinite);
        }
        Header h = new Header(kind, network.sizes(), config, dataset, limitTrain, epoch, nextBatch, trainSeconds,
                samplesSeen, loss, meta);
        byte[] header = Json.GSON.toJson(h).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeKeepingPrevious(file, previous, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.write(MAGIC);
            out.writeInt(header.length);
            out.write(header);
            for (float[] layer : weights) {
                for (float v : layer) {
                    out.writeFloat(v);
                }
            }
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        });
    }

    /**
     * Reads and validates a checkpoint: every header field is range-checked and the sizes it announces are checked
     * against the file's length before anything is allocated, then the checksum and every weight.
     *
     * @throws SpikecoderException one line naming the file and what is wrong
     */
    public static Checkpoint read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            long fileSize = Files.size(file);
            CRC32 crc = new CRC32();
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw bad(file, "not a spikecoder checkpoint (wrong magic bytes)");
            }
            int len = in.readInt();
            if (len <= 0 || len > MAX_HEADER) {
                throw bad(file, "corrupt header length " + len);
            }
            if (len > fileSize - FIXED_BYTES) {
                throw bad(file, "truncated: the header announces " + len + " bytes but the file has " + fileSize);
            }
            byte[] json = new byte[len];
            in.readFully(json);
            Header h = parseHeader(file, new String(json, StandardCharsets.UTF_8));
            NetworkSpec net;
            TrainConfig config;
            try {
                net = new NetworkSpec(h.sizes());
                // Re-validate through the canonical constructor: Gson bypasses it.
                config = h.config().toBuilder().build();
            } catch (IllegalArgumentException | SettingException | NullPointerException e) {
                throw bad(file, "invalid header: " + e.getMessage());
            }
            checkFields(file, h, config);
            long weightBytes = 0;
            for (int l = 1; l <= net.layers(); l++) {
                if (net.weightCount(l) > Integer.MAX_VALUE - 8) {
                    throw bad(file, "invalid header: layer " + l + " of " + net + " has more weights than a Java"
                            + " array holds");
                }
                weightBytes += 4 * net.weightCount(l); // at most 2^31 layers of 2^33 bytes: no overflow
            }
            long expected = FIXED_BYTES + len + weightBytes;
            if (fileSize < expected) {
                throw bad(file, "truncated: network " + net + " needs " + expected + " bytes but the file has "
                        + fileSize);
            }
            if (fileSize > expected) {
                throw bad(file, "unexpected bytes after the checksum (" + fileSize + " bytes, network " + net
                        + " needs " + expected + ")");
            }
            float[][] w = new float[net.layers()][];
            for (int l = 1; l <= net.layers(); l++) {
                w[l - 1] = new float[Math.toIntExact(net.weightCount(l))];
                for (int i = 0; i < w[l - 1].length; i++) {
                    w[l - 1][i] = in.readFloat();
                }
            }
            long computed = crc.getValue();
            long stored = new DataInputStream(buffered).readLong();
            if (stored != computed) {
                throw bad(file, "checksum mismatch: the file is corrupt");
            }
            if (buffered.read() != -1) {
                throw bad(file, "unexpected bytes after the checksum");
            }
            String nonFinite = FiniteWeights.firstNonFinite(w);
            if (nonFinite != null) {
                throw bad(file, nonFinite + ": the run that wrote it diverged; the save before it is "
                        + previousOf(file).getFileName() + " if that exists (copy it over this file to --resume), or"
                        + " retrain with a smaller --lr");
            }
            return new Checkpoint(h.kind(), net, config, h.dataset(), h.limit_train(), h.epoch(), h.next_batch(),
                    h.train_seconds(), h.samples_seen(), h.loss() == null ? new double[0] : h.loss(), w, h.meta());
        } catch (NoSuchFileException e) {
            throw new SpikecoderException(file + ": no checkpoint there (train first, or check --model/--out)");
        } catch (EOFException e) {
            throw bad(file, "truncated");
        } catch (IOException e) {
            throw bad(file, "cannot read: " + IoErrors.describe(e));
        }
    }

    /* Gson's messages run over several lines and its record constructor wraps the canonical one's own complaint. */
    private static Header parseHeader(Path file, String json) {
        Header h;
        try {
            h = Json.GSON.fromJson(json, Header.class);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            boolean badValue = root instanceof SettingException
                    || root instanceof IllegalArgumentException && !(root instanceof NumberFormatException);
            String why = badValue ? root.getMessage() : e.getMessage();
            String firstLine = why == null ? e.getClass().getSimpleName() : why.lines().findFirst().orElse("");
            throw bad(file, (badValue ? "invalid header: " : "corrupt header: ") + firstLine);
        }
        if (h == null || h.sizes() == null || h.config() == null) {
            throw bad(file, "header lacks sizes or config");
        }
        return h;
    }

    /* Ranges of the progress fields; a value outside them would fail later without naming the file. */
    private static void checkFields(Path file, Header h, TrainConfig config) {
        if (h.kind() == null || !KINDS.contains(h.kind())) {
            throw bad(file, "invalid header: kind is " + h.kind() + ", expected one of " + KINDS);
        }
        if (h.dataset() == null || h.dataset().isBlank()) {
            throw bad(file, "invalid header: no dataset");
        }
        if (h.epoch() < 0 || h.epoch() > config.epochs()) {
            throw bad(file, "invalid header: epoch " + h.epoch() + " outside 0.." + config.epochs());
        }
        if (h.next_batch() < 0 || (h.epoch() == config.epochs() && h.next_batch() != 0)) {
            throw bad(file, "invalid header: next_batch " + h.next_batch() + " at epoch " + h.epoch());
        }
        if (h.samples_seen() < 0 || h.limit_train() < 0 || !(h.train_seconds() >= 0)
                || Double.isInfinite(h.train_seconds())) {
            throw bad(file, "invalid header: samples_seen " + h.samples_seen() + ", limit_train " + h.limit_train()
                    + " and train_seconds " + h.train_seconds() + " must be finite and 0 or more");
        }
        if (h.loss() != null) {
            for (int i = 0; i < h.loss().length; i++) {
                if (!Double.isFinite(h.loss()[i])) {
                    throw bad(file, "invalid header: loss of batch " + (i + 1) + " is " + h.loss()[i]);
                }
            }
        }
    }

    private static SpikecoderException bad(Path file, String why) {
        return new SpikecoderException(file + ": " + why);
    }
}
