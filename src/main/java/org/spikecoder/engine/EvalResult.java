package org.spikecoder.engine;

/**
 * Reconstruction quality over a data set.
 *
 * @param mse          mean over images of MSE(z(pixels), z(output spike counts))
 * @param spikeMse     mean over images of MSE(z(input spike counts), z(output spike counts))
 * @param pixelMse     mean over images and pixels of (output count / T - pixel / 255)^2, on [0, 1] (FSVAE's
 *                     per-pixel MSE; FSVAE's [-1, 1] figures are 4x this)
 * @param images       images evaluated
 * @param outputCounts output spike counts of the first {@code kept} images, image after image
 * @param kept         images whose output counts are kept for pictures
 */
public record EvalResult(double mse, double spikeMse, double pixelMse, int images, float[] outputCounts, int kept) {
}
