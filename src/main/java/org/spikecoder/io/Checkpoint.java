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

import org.spikecoder.SpikecoderException;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

import com.google.gson.JsonParseException;

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

    /** JSON header: the checkpoint minus its weights. */
    private record Header(String kind, int[] sizes, TrainConfig config, String dataset, int limit_train, int epoch,
                          int next_batch, double train_seconds, long samples_seen, double[] loss,
                          java.util.Map<String, String> meta) {
    }

    public boolean complete() {
        return epoch >= config.epochs();
    }

    public void write(Path file) {
        Header h = new Header(kind, network.sizes(), config, dataset, limitTrain, epoch, nextBatch, trainSeconds,
                samplesSeen, loss, meta);
        byte[] header = Json.GSON.toJson(h).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, raw -> {
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

    public static Checkpoint read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
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
            byte[] json = new byte[len];
            in.readFully(json);
            Header h;
            try {
                h = Json.GSON.fromJson(new String(json, StandardCharsets.UTF_8), Header.class);
            } catch (JsonParseException e) {
                throw bad(file, "corrupt header: " + e.getMessage());
            }
            if (h == null || h.sizes() == null || h.config() == null) {
                throw bad(file, "header lacks sizes or config");
            }
            NetworkSpec net;
            TrainConfig config;
            try {
                net = new NetworkSpec(h.sizes());
                // Re-validate through the canonical constructor: Gson bypasses it.
                config = h.config().toBuilder().build();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw bad(file, "invalid header: " + e.getMessage());
            }
            float[][] w = new float[net.layers()][];
            for (int l = 1; l <= net.layers(); l++) {
                w[l - 1] = new float[Math.toIntExact(net.weightCount(l))];
                for (int i = 0; i < w[l - 1].length; i++) {
                    w[l - 1][i] = in.readFloat();
                }
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(buffered).readLong();
            if (stored != expected) {
                throw bad(file, "checksum mismatch: the file is corrupt");
            }
            if (buffered.read() != -1) {
                throw bad(file, "unexpected bytes after the checksum");
            }
            for (int l = 0; l < w.length; l++) {
                for (float v : w[l]) {
                    if (!Float.isFinite(v)) {
                        throw bad(file, "layer " + (l + 1) + " holds a non-finite weight (" + v + "): the run that"
                                + " wrote it diverged; resume from an earlier checkpoint or retrain with a smaller --lr");
                    }
                }
            }
            return new Checkpoint(h.kind(), net, config, h.dataset(), h.limit_train(), h.epoch(), h.next_batch(),
                    h.train_seconds(), h.samples_seen(), h.loss() == null ? new double[0] : h.loss(), w, h.meta());
        } catch (NoSuchFileException e) {
            throw new SpikecoderException(file + ": no checkpoint there (train first, or check --model/--out)");
        } catch (EOFException e) {
            throw bad(file, "truncated");
        } catch (IOException e) {
            throw bad(file, "cannot read: " + e.getMessage());
        }
    }

    private static SpikecoderException bad(Path file, String why) {
        return new SpikecoderException(file + ": " + why);
    }
}
