package io.llmcost.memory;

/** Bytes an inference step reads. */
public final class Serving {
    private Serving() {}

    /**
     * Expected number of distinct experts one MoE layer runs when {@code tokens} tokens each pick {@code topK} of
     * {@code experts} uniformly: E (1 - (1 - k/E)^T). One token reads k experts; a large batch reads all E.
     */
    public static double expectedExpertsTouched(double experts, double topK, double tokens) {
        return experts * (1 - Math.pow(1 - topK / experts, tokens));
    }
}
