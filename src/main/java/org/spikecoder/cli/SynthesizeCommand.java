package org.spikecoder.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.spikecoder.SpikecoderException;
import org.spikecoder.api.Synthesis;
import org.spikecoder.api.SynthesisImages;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code synthesize}: a spoken digit in, an image of it out, entirely in spikes. */
@Command(name = "synthesize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Turn a recording of a spoken digit into an image with a trained audio-to-image model.",
                "",
                "Reads the clip (WAV or NIST SPHERE, any rate, mixed to mono), makes its spectrogram as in training,"
                        + " runs the audiocoder and the autoencoder's decoder in spikes and writes the output"
                        + " spike-count map as a PNG.",
                "",
                "Several clips (--wav given more than once, or a folder of .wav / .sph files) run in one go, the"
                        + " model loaded once: --out is then a folder that gets one PNG per clip, named after it,"
                        + " and grid.png with all of them in order.",
                ""})
final class SynthesizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR|FILE",
            description = "A train-audiocoder --out folder or its model.spk.")
    Path model;

    @Option(names = "--wav", required = true, arity = "1..*", paramLabel = "FILE|DIR",
            description = "The spoken digits (WAV or SPHERE files, or folders of them); may be repeated.")
    List<Path> wavs;

    @Option(names = "--out", paramLabel = "PNG|DIR",
            description = "For one clip the image to write (default synthesized.png); for several, the folder for"
                    + " their images and grid.png (default synthesized).")
    Path out;

    @Option(names = "--scale", defaultValue = "8", paramLabel = "K", description = "Pixels per image pixel. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.applyLogging();
        SynthesisImages.checked(scale);   // before the model is read and the clips are run
        List<Path> clips = clips(wavs);
        boolean single = clips.size() == 1 && !Files.isDirectory(wavs.get(0));
        Path target = out != null ? out : Path.of(single ? "synthesized.png" : "synthesized");
        if (!single && target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new SpikecoderException("--out " + target + " must be a folder when synthesizing " + clips.size()
                    + " clips (one PNG per clip and grid.png go there)");
        }
        Synthesis.Builder b = Synthesis.load(model);
        backendOptions.applyTo(b);
        SynthesisImages images = b.build().images(clips);
        if (single) {
            images.writeImage(0, target, scale);
            spec.commandLine().getOut().println("wrote " + target.toAbsolutePath());
            return 0;
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new SpikecoderException("--out " + target + ": cannot create the folder: " + e.getMessage(), e);
        }
        for (int c = 0; c < clips.size(); c++) {
            images.writeImage(c, target.resolve(stem(clips.get(c)) + ".png"), scale);
        }
        images.writeGrid(target.resolve("grid.png"), 10, scale);
        spec.commandLine().getOut().println("wrote " + clips.size() + " images and grid.png in "
                + target.toAbsolutePath());
        return 0;
    }

    /** The clips named by --wav: files as given, folders as their .wav and .sph files in name order. */
    static List<Path> clips(List<Path> wavs) {
        List<Path> clips = new ArrayList<>();
        for (Path w : wavs) {
            if (!Files.isDirectory(w)) {
                clips.add(w);
                continue;
            }
            try (Stream<Path> files = Files.list(w)) {
                List<Path> found = files.filter(f -> Files.isRegularFile(f) && isAudio(f)).sorted().toList();
                if (found.isEmpty()) {
                    throw new SpikecoderException("--wav " + w + ": the folder holds no .wav or .sph file");
                }
                clips.addAll(found);
            } catch (IOException e) {
                throw new SpikecoderException("--wav " + w + ": cannot list the folder: " + e.getMessage(), e);
            }
        }
        return clips;
    }

    private static boolean isAudio(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".wav") || n.endsWith(".sph");
    }

    private static String stem(Path clip) {
        String n = clip.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
