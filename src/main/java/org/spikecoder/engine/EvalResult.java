package org.spikecoder.engine;

/**
 * Reconstruction quality over a data set.
 *
 * @param mse          mean over images of MSE(z(pixels), z(output spike counts))
 * @param spikeMse     mean over images of MSE(z(input spike counts), z(output spike counts))
 * @param images       images evaluated
 * @param outputCounts output spike counts of the first {@code kept} images, image after image
 * @param kept         images whose output counts are kept for pictures
 */
public record EvalResult(double mse, double spikeMse, int images, float[] outputCounts, int kept) {
}
