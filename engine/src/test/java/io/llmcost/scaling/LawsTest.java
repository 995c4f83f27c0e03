package io.llmcost.scaling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LawsTest {

    /** Ê values listed in formulas.md 3.5, recomputed there from the paper's Table 3. */
    @Test
    void effectiveExpertsMatchesTabulatedValues() {
        assertEquals(2.0732, JointMoeLaw.effectiveExperts(1), 1e-4);
        assertEquals(8.8124, JointMoeLaw.effectiveExperts(8), 1e-4);
        assertEquals(29.7042, JointMoeLaw.effectiveExperts(32), 1e-4);
    }

    /** Worked example of formulas.md 3.5: N_act = 1e9, D = 2e10 gives 2.5776 dense (E=1) and 2.5088 at E=8. */
    @Test
    void jointMoeLawWorkedExample() {
        assertEquals(2.5776, JointMoeLaw.loss(1e9, 2e10, 1), 1e-4);
        assertEquals(2.5088, JointMoeLaw.loss(1e9, 2e10, 8), 1e-4);
    }

    /**
     * Per-E reduced coefficients of the paper's Table 4 (E=8: m = 21.8330, mu = -0.1676, n = 119.9126,
     * nu = -0.2338) give the same loss to the table's rounding (formulas.md: <= 0.3% on coefficients).
     */
    @Test
    void jointMoeLawAgreesWithTable4() {
        double n = 3e8, d = 6e9;
        double table4 = 21.8330 * Math.pow(n, -0.1676) + 119.9126 * Math.pow(d, -0.2338) + 1.3637;
        assertEquals(table4, JointMoeLaw.loss(n, d, 8), 3e-3 * table4);
    }

    /** Epoch refit optimum: G = 0.1196, a = 0.5126 (formulas.md 3.2), so N_opt = G (C/6)^a. */
    @Test
    void epochOptimumMatchesPublishedAllocation() {
        double c = 5.76e23;
        assertEquals(0.1196 * Math.pow(c / 6, 0.5126), ChinchillaLaw.EPOCH.optimalParams(c),
                0.01 * ChinchillaLaw.EPOCH.optimalParams(c));
        double ratio = ChinchillaLaw.EPOCH.optimalTokens(c) / ChinchillaLaw.EPOCH.optimalParams(c);
        assertEquals(18.4, ratio, 0.1); // formulas.md 3.1 table: D/N at 5.76e23 = 18.4
        assertEquals(c, 6 * ChinchillaLaw.EPOCH.optimalParams(c) * ChinchillaLaw.EPOCH.optimalTokens(c), 1e-9 * c);
    }
}
