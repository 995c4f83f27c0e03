package io.llmcost.scaling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Muennighoff et al. 2023, "Scaling Data-Constrained Language Models", arXiv:2305.16264. Expectations come from
 * the paper's formulas with its constants written out here, and from the numbers its authors print.
 */
class DataConstrainedLawTest {

    // App. A: R*_N = 5.309743, R*_D = 15.387756; the C4 fit a, b, e, alpha, beta as in the authors' README
    // (huggingface/datablations, "Parametric Fit"), A = exp(a), B = exp(b), E = exp(e).
    static final double A = Math.exp(6.255414), B = Math.exp(7.3049974), E = Math.exp(0.6254804);
    static final double ALPHA = 0.3526596, BETA = 0.3526596, R_N = 5.309743, R_D = 15.387756;

    /**
     * The authors' README prints the loss of the two models of the paper's Figure 1 (right), both on 25B unique
     * tokens: 6.34B parameters on 242B tokens gives 2.2256440889984477, 8.67B on 178B gives 2.2269634075087867.
     */
    @Test
    void reproducesTheLossesPrintedForFigure1() {
        assertEquals(2.2256440889984477, DataConstrainedLaw.loss(6.34e9, 242e9, 25e9), 1e-12);
        assertEquals(2.2269634075087867, DataConstrainedLaw.loss(8.67e9, 178e9, 25e9), 1e-12);
    }

    /**
     * The README's grid search (multipliers 1.0001 to 3 in 500 steps around the Chinchilla optimum) prints, for
     * 1e22 FLOPs and 25B unique tokens, 7,022,364,735 parameters on 237,336,955,477 tokens (9.49 epochs). Its grid
     * step is 0.4% of N; the continuous optimum lies within one step.
     */
    @Test
    void optimumMatchesTheAuthorsAllocation() {
        DataConstrainedLaw law = new DataConstrainedLaw(25e9);
        assertEquals(7_022_364_735.0, law.optimalParams(1e22), 0.004 * 7.02e9);
        assertEquals(237_336_955_477.0, law.optimalTokens(1e22), 0.004 * 2.37e11);
    }

    /**
     * §3.1: D' = U + U R*_D (1 - exp(-R_D / R*_D)). Four epochs (R_D = 3) of U unique tokens are worth
     * 1 + 15.387756 (1 - exp(-3 / 15.387756)) = 3.726 epochs of fresh data, 93% of 4: "training with up to 4 epochs
     * of repeated data yields negligible changes to loss compared to having unique data" (abstract).
     */
    @Test
    void fourEpochsAreWorthAlmostFourEpochsOfFreshData() {
        double u = 1e10;
        double expected = u + u * R_D * (1 - Math.exp(-3 / R_D));
        assertEquals(expected, DataConstrainedLaw.effectiveTokens(u, 3), 1e-12 * expected);
        assertEquals(3.726, expected / u, 5e-4);
        assertTrue(expected / (4 * u) > 0.93);
    }

    /**
     * At R_D = R*_D the repeated tokens are worth on average 1 - 1/e of fresh ones: (D' - U) / (R_D U) =
     * (1 - e^-1) (§3.1); however often U is repeated, D' stays below U + R*_D U, 16.4 U (App. A: "plateaus at
     * U + R_D^* U").
     */
    @Test
    void repeatedTokensDecayWithTheFittedConstant() {
        double u = 1;
        assertEquals(1 - Math.exp(-1), (DataConstrainedLaw.effectiveTokens(u, R_D) - u) / (R_D * u), 1e-12);
        assertEquals(u + R_D * u, DataConstrainedLaw.effectiveTokens(u, 1e6), 1e-9);
        assertTrue(DataConstrainedLaw.effectiveTokens(u, 1e6) < 16.39);
    }

    /**
     * App. A eq. "optunud": U_N = (U_D G)^(beta/alpha) G with G = (alpha A / (beta B))^(1/(alpha+beta)), written
     * U_N = 0.051 U_D in App. A eq. "finvals".
     */
    @Test
    void uniqueParamsAreTheComputeOptimalParamsOfTheUniqueTokens() {
        double g = Math.pow(ALPHA * A / (BETA * B), 1 / (ALPHA + BETA));
        assertEquals(Math.pow(1e11 * g, BETA / ALPHA) * g, DataConstrainedLaw.uniqueParams(1e11), 1e-3);
        assertEquals(0.051, DataConstrainedLaw.uniqueParams(1e11) / 1e11, 5e-4);
    }

    /**
     * The full law, term by term as App. A writes it, at a point with both repeated data and excess parameters:
     * N = 20B, D = 400B, U = 50B (R_D = 7; U_N = 0.051 x 50B, R_N = N / U_N - 1).
     */
    @Test
    void lossIsTheAppendixFormula() {
        double n = 20e9, d = 400e9, u = 50e9;
        double g = Math.pow(ALPHA * A / (BETA * B), 1 / (ALPHA + BETA));
        double uN = Math.pow(u * g, BETA / ALPHA) * g, rN = n / uN - 1, rD = d / u - 1;
        double expected = E + A / Math.pow(uN + uN * R_N * (1 - Math.exp(-rN / R_N)), ALPHA)
                + B / Math.pow(u + u * R_D * (1 - Math.exp(-rD / R_D)), BETA);
        assertEquals(expected, DataConstrainedLaw.loss(n, d, u), 1e-12 * expected);
    }

    /** One epoch with N below U_N: nothing decays and the law is the C4 Chinchilla fit E + A/N^a + B/D^b. */
    @Test
    void oneEpochOfFreshDataIsTheChinchillaForm() {
        double n = 1e9, d = 1e11;
        assertEquals(E + A / Math.pow(n, ALPHA) + B / Math.pow(d, BETA), DataConstrainedLaw.loss(n, d, 1e12), 1e-12);
    }

    /**
     * Inside its fitted range (up to 500 epochs), more budget never gives a higher loss, a smaller model or fewer
     * tokens; and the repeats make the optimum smaller and longer-trained than the C4 Chinchilla fit's,
     * N = G (C/6)^(1/2) (alpha = beta), once the data repeats (§4, Figure 3: "allocate more to epochs").
     */
    @Test
    void moreBudgetNeverHurtsWithinTheFit() {
        DataConstrainedLaw law = new DataConstrainedLaw(1e11);
        double g = Math.pow(ALPHA * A / (BETA * B), 1 / (ALPHA + BETA));
        double prevN = 0, prevD = 0, prevL = Double.POSITIVE_INFINITY;
        for (double e = 18; e <= 23.5; e += 0.1) {
            double c = Math.pow(10, e), n = law.optimalParams(c), d = law.optimalTokens(c), l = law.loss(n, d);
            assertTrue(n > prevN && d > prevD && l < prevL, "at " + c);
            assertTrue(d / 1e11 < 500, "outside the fit at " + c);
            if (d > 2e11) {
                assertTrue(n < g * Math.sqrt(c / 6), "at " + c);
            }
            prevN = n;
            prevD = d;
            prevL = l;
        }
    }

    /** App. A: fitted on 7M to 9B parameters and 1 to 500 epochs; 600 epochs of 1B tokens is outside. */
    @Test
    void flagsEpochsBeyondTheFit() {
        DataConstrainedLaw law = new DataConstrainedLaw(1e9);
        assertEquals(null, law.extrapolation(1e9, 100e9, 6e20));
        assertTrue(law.extrapolation(1e9, 600e9, 3.6e21).contains("epochs 600 above the fitted 500"));
        assertTrue(law.extrapolation(1e6, 1e9, 6e15).contains("params 1.00e+06 below the fitted 7.00e+06"));
    }
}
