import java.nio.file.Path;

import org.spikecoder.api.Autoencoder;
import org.spikecoder.api.AutoencoderResult;
import org.spikecoder.api.BackendKind;
import org.spikecoder.api.Dataset;
import org.spikecoder.api.Preset;
import org.spikecoder.api.RunListener;

/**
 * Trains a small spiking autoencoder (MNIST 784-196-784, the paper's preset) through spikecoder's public API, evaluates
 * it on the test images and prints its test MSE.
 *
 * <pre>
 *   mvn -B -q -DskipTests package
 *   java -cp target/spikecoder.jar examples/TrainSmallAutoencoder.java DATA_FOLDER OUT_FOLDER [TRAIN_IMAGES [BACKEND]]
 * </pre>
 *
 * DATA_FOLDER holds mnist/ (or MNIST is downloaded there); OUT_FOLDER receives metrics.json, checkpoint.spk and the
 * pictures. TRAIN_IMAGES defaults to 2000, BACKEND (auto, cpu or opencl) to auto.
 */
public final class TrainSmallAutoencoder {
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: TrainSmallAutoencoder DATA_FOLDER OUT_FOLDER [TRAIN_IMAGES [BACKEND]]");
            System.exit(2);
        }
        int trainImages = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        BackendKind backend = args.length > 3 ? BackendKind.parse(args[3]) : BackendKind.AUTO;

        AutoencoderResult result = Autoencoder.builder()
                .dataset(Dataset.MNIST).dataFolder(Path.of(args[0]))
                .hidden(196).preset(Preset.PAPER).backend(backend)
                .limitTrain(trainImages).limitTest(Math.max(1, trainImages / 4))
                .listener(new RunListener() {
                    @Override
                    public void ended(Phase phase) {
                        System.out.println(phase.label() + " done");
                    }
                })
                .build()
                .train(Path.of(args[1]));

        System.out.printf("test MSE %.4f (per-pixel %.4f) after %.1f s of training on %s%n", result.testMse(),
                result.testPixelMse(), result.trainSeconds(), result.device());
    }
}
