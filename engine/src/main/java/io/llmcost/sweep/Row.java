package io.llmcost.sweep;

/**
 * Every column of one valid grid point, as {@code frontier.csv} writes it.
 *
 * @param flopsForwardPerToken  forward FLOPs per token at the point's seq_len, causal attention (Megatron-LM)
 * @param flopsTraining         3 x forward per token x tokens (equal to the budget when the spec sets budget_flops)
 * @param memoryTrainingBytes   training memory of the most loaded GPU under the spec's parallel layout
 * @param kvCacheBytesPerToken  KV cache per token of one sequence
 * @param flopsLifetime         flopsTraining + flopsForwardPerToken x the spec's inference_tokens
 * @param extrapolated          the point lies outside the fitted range of the spec's law
 */
public record Row(long index, Shape shape, long paramsTotal, long paramsActive, double flopsForwardPerToken,
                  double flopsTraining, double tokens, double loss, double memoryTrainingBytes,
                  double kvCacheBytesPerToken, double flopsLifetime, boolean extrapolated) {}
