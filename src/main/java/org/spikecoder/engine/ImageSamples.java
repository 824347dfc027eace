package org.spikecoder.engine;

import org.spikecoder.data.ImageDataset;

/**
 * Images of a data set as the samples of an autoencoder: the pixels are the input intensities and the target is
 * the input spike train itself.
 *
 * @param images  the data set. Not modified.
 * @param indices the images to use, in order, or null for all of them. Not modified.
 */
public record ImageSamples(ImageDataset images, int[] indices) implements SampleSource {

    /** All images of {@code images}. */
    public static ImageSamples all(ImageDataset images) {
        return new ImageSamples(images, null);
    }

    @Override
    public int count() {
        return indices == null ? images.count() : indices.length;
    }

    @Override
    public int inputSize() {
        return images.pixelsPerImage();
    }

    @Override
    public void copyRates(int i, float[] dst, int offset) {
        int image = indices == null ? i : indices[i];
        System.arraycopy(images.pixels(), image * inputSize(), dst, offset, inputSize());
    }
}
