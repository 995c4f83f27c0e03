package io.llmcost.memory;

/**
 * Activation recomputation (Korthikanti et al. 2022, arXiv:2205.05198 sections 4-5). {@code selective} drops the
 * attention-score tensors and recomputes them in the backward pass; {@code full} keeps only each layer's input and
 * recomputes the whole forward.
 */
public enum Recompute {
    none, selective, full
}
