package io.llmcost.plot;

/**
 * Predicted loss against model size at one compute budget, and the compute-optimal point on it.
 *
 * @param budgetFlops  training compute C of every point on the curve
 * @param paramsToLoss x = parameters N, y = predicted loss at (N, C)
 */
public record IsoFlopCurve(double budgetFlops, Points paramsToLoss, double optimumParams, double optimumLoss) {}
