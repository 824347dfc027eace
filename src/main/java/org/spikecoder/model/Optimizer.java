package org.spikecoder.model;

/** Weight update rule applied at every time step. */
public enum Optimizer {
    /** Adam with moments and step count restarted at the start of every batch (the paper's reading). */
    ADAM,
    /** Plain stochastic gradient descent. */
    SGD
}
