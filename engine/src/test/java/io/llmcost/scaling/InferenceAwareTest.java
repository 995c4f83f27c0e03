package io.llmcost.scaling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Sardana et al. 2024, "Beyond Chinchilla-Optimal", arXiv:2401.00448: the paper's own examples, to the digits it
 * prints. Its law is Chinchilla's with A = 406.4, B = 410.7, E = 1.69, alpha = 0.336, beta = 0.283 (§2 eq. 1, App. A
 * footnote 2); "X-Chinchilla quality" is the loss of an X-parameter model trained on its Chinchilla-optimal tokens.
 */
class InferenceAwareTest {

    static final double A = 406.4, B = 410.7, E = 1.69, ALPHA = 0.336, BETA = 0.283;

    /** The law's constants are the paper's. */
    @Test
    void sardanaLawHasThePapersConstants() {
        ChinchillaLaw law = ChinchillaLaw.SARDANA;
        assertEquals(A, law.a());
        assertEquals(B, law.b());
        assertEquals(E, law.e());
        assertEquals(ALPHA, law.alpha());
        assertEquals(BETA, law.beta());
    }

    /**
     * Chinchilla-optimal tokens of an N-parameter model: with G = (alpha A / (beta B))^(1/(alpha+beta)),
     * N = G (C/6)^(beta/(alpha+beta)) (Hoffmann et al. 2022, App. D.2), so C/6 = (N/G)^((alpha+beta)/beta) and
     * D = (C/6) / N.
     */
    static double chinchillaTokens(double params) {
        double g = Math.pow(ALPHA * A / (BETA * B), 1 / (ALPHA + BETA));
        return Math.pow(params / g, (ALPHA + BETA) / BETA) / params;
    }

    static double loss(double params, double tokens) {
        return E + A / Math.pow(params, ALPHA) + B / Math.pow(tokens, BETA);
    }

    static InferenceAware.Allocation optimum(double chinchillaParams, double inferenceTokens) {
        double loss = loss(chinchillaParams, chinchillaTokens(chinchillaParams));
        return InferenceAware.optimum(ChinchillaLaw.SARDANA, loss, inferenceTokens);
    }

    static double totalFlops(double params, double tokens, double inferenceTokens) {
        return 6 * params * tokens + 2 * params * inferenceTokens; // §2 eq. 3
    }

    /**
     * Figure 1: "a 13B model ... 2 trillion tokens of inference demand ... can reduce their total compute by
     * 1.7 x 10^22 FLOPs (17%) by instead training a 7B model on more data".
     */
    @Test
    void figure1ThirteenBillionServingTwoTrillionTokens() {
        double dInf = 2e12, d13 = chinchillaTokens(13e9);
        InferenceAware.Allocation a = optimum(13e9, dInf);
        double before = totalFlops(13e9, d13, dInf), after = totalFlops(a.params(), a.tokens(), dInf);
        assertEquals(7e9, a.params(), 0.05e9);
        assertEquals(1.7e22, before - after, 0.05e22);
        assertEquals(0.17, (before - after) / before, 0.005);
        assertEquals(after, a.flopsTotal(), 1e-12 * after);
    }

    /** §2: a 7B-Chinchilla-quality model with 10^11 inference tokens is best as 6B parameters on 1.18x the data. */
    @Test
    void section2SevenBillionServingHundredBillionTokens() {
        InferenceAware.Allocation a = optimum(7e9, 1e11);
        assertEquals(6.0e9, a.params(), 0.05e9);
        assertEquals(1.18, a.tokens() / chinchillaTokens(7e9), 0.005);
    }

    /** §2: 30B-Chinchilla quality with 10^13 inference tokens: 13.6B parameters, 2.84x the data, 28% fewer FLOPs. */
    @Test
    void section2ThirtyBillionServingTenTrillionTokens() {
        double dInf = 1e13, d30 = chinchillaTokens(30e9);
        InferenceAware.Allocation a = optimum(30e9, dInf);
        assertEquals(13.6e9, a.params(), 0.05e9);
        assertEquals(2.84, a.tokens() / d30, 0.005);
        assertEquals(0.28, 1 - totalFlops(a.params(), a.tokens(), dInf) / totalFlops(30e9, d30, dInf), 0.005);
    }

    /**
     * App. B.1 Table 2: a 70B-Chinchilla model (4.26T tokens) serving 10T tokens: 41.6B on 7.92T, 12% fewer FLOPs.
     * The closed form gives 4.255T Chinchilla tokens, which the table prints as 4.26T: within 0.25%.
     */
    @Test
    void tableTwoSeventyBillionServingTenTrillionTokens() {
        double dInf = 1e13, d70 = chinchillaTokens(70e9);
        assertEquals(4.26e12, d70, 0.01e12);
        InferenceAware.Allocation a = optimum(70e9, dInf);
        assertEquals(41.6e9, a.params(), 0.05e9);
        assertEquals(7.92e12, a.tokens(), 0.005e12);
        assertEquals(0.12, 1 - totalFlops(a.params(), a.tokens(), dInf) / totalFlops(70e9, d70, dInf), 0.005);
    }

    /** Without inference the optimum is Chinchilla's compute-optimal model of that loss (a second formulation). */
    @Test
    void withoutInferenceItIsTheComputeOptimalModel() {
        for (ChinchillaLaw law : new ChinchillaLaw[] {ChinchillaLaw.EPOCH, ChinchillaLaw.HOFFMANN, ChinchillaLaw.SARDANA,
                JointMoeLaw.atExperts(8)}) {
            double c = 3e22, n = law.optimalParams(c), d = law.optimalTokens(c);
            InferenceAware.Allocation a = InferenceAware.optimum(law, law.loss(n, d), 0);
            assertEquals(n, a.params(), 1e-9 * n, law.name());
            assertEquals(d, a.tokens(), 1e-9 * d, law.name());
        }
    }

    /** The allocation reaches the target loss: D(N) is the iso-loss curve of eq. 1. */
    @Test
    void allocationReachesTheTargetLoss() {
        InferenceAware.Allocation a = InferenceAware.optimum(ChinchillaLaw.EPOCH, 2.3, 1e12);
        assertEquals(2.3, ChinchillaLaw.EPOCH.loss(a.params(), a.tokens()), 1e-12);
    }

    @Test
    void aLossAtOrBelowTheIrreducibleIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> InferenceAware.optimum(ChinchillaLaw.EPOCH, 1.8, 1e12));
    }
}
