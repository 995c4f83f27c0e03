package io.llmcost.model;

/**
 * One decoder layer.
 *
 * @param hiddenNorms number of normalisation layers of width h in the layer (2 for pre-norm LLaMA,
 *                    4 for Gemma-2/3's pre and post norms)
 */
public record Layer(Attention attention, Ffn ffn, int hiddenNorms) {}
