package org.spikecoder.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.SyntheticImages;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.model.InitMode;

/** Training on small synthetic images lowers the loss and the paper's MSE, with both optimisers, reproducibly. */
class AnnTrainerTest {
    private static List<Double> train(AnnAutoencoder net, AnnOptimizer opt, ImageDataset data, int epochs) {
        List<Double> loss = new ArrayList<>();
        TrainListener l = new TrainListener() {
            @Override
            public void batchDone(int epoch, int batchIndex, int batches, int samples, double v) {
                loss.add(v);
            }
        };
        for (int e = 0; e < epochs; e++) {
            AnnTrainer.trainEpoch(net, opt, data, e, 20, 5, l);
        }
        return loss;
    }

    private static double mean(List<Double> v, int from, int to) {
        return v.subList(from, to).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Test
    void sgdAndAdamReduceTheLossAndTheMse() {
        ImageDataset data = SyntheticImages.bars(200, 12, 12, 4);
        for (boolean adam : new boolean[] {false, true}) {
            AnnAutoencoder net = AnnAutoencoder.initialise(144, 16, Activation.RELU, false, InitMode.XAVIER, 0, 2);
            AnnOptimizer opt = adam ? AnnOptimizer.adam(1e-2, 1e-4, 0.9, 0.999, 1e-8) : AnnOptimizer.sgd(0.05, 1e-4);
            double before = AnnTrainer.evaluate(net, data, 0, TrainListener.NONE).mse();
            List<Double> loss = train(net, opt, data, 10);
            double after = AnnTrainer.evaluate(net, data, 0, TrainListener.NONE).mse();
            assertTrue(mean(loss, loss.size() - 10, loss.size()) < 0.5 * mean(loss, 0, 10),
                    (adam ? "adam" : "sgd") + " loss " + loss);
            assertTrue(after < 0.5 * before, (adam ? "adam" : "sgd") + " mse " + before + " -> " + after);
        }
    }

    @Test
    void sameSeedSameWeights() {
        ImageDataset data = SyntheticImages.bars(60, 8, 8, 1);
        AnnAutoencoder a = AnnAutoencoder.initialise(64, 8, Activation.RELU, false, InitMode.XAVIER, 0, 3);
        AnnAutoencoder b = AnnAutoencoder.initialise(64, 8, Activation.RELU, false, InitMode.XAVIER, 0, 3);
        train(a, AnnOptimizer.adam(1e-2, 1e-4, 0.9, 0.999, 1e-8), data, 2);
        train(b, AnnOptimizer.adam(1e-2, 1e-4, 0.9, 0.999, 1e-8), data, 2);
        assertArrayEquals(a.layer1(), b.layer1(), 0f);
        assertArrayEquals(a.layer2(), b.layer2(), 0f);
    }
}
