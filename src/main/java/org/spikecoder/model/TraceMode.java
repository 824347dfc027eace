package org.spikecoder.model;

/** How the forward-mode eligibility trace dV/dW is kept. */
public enum TraceMode {
    /**
     * The paper's text: one trace per (sample, post neuron, pre neuron), reset to 0 when the post neuron spikes.
     * Stored in factorised form: a never-reset input trace plus each post neuron's last reset step.
     */
    PER_NEURON,
    /**
     * The authors' MATLAB code: one trace per (sample, input) shared by all post neurons, scaled by
     * (1 - spikes in the layer / divisor) after each step.
     */
    SHARED_SCALED
}
