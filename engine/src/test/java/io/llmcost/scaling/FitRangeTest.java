package io.llmcost.scaling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each law flags answers below and above the range its paper fitted it on, and not those inside. */
class FitRangeTest {

    static String at(ComputeOptimalLaw law, double flops) {
        return law.extrapolation(law.optimalParams(flops), law.optimalTokens(flops), flops);
    }

    /**
     * Hoffmann et al. 2022, abstract: 70M to 16B parameters on 5B to 500B tokens. The epoch optimum at 1e10 FLOPs
     * is a 6,384-parameter model (issue 14); at 1e21 about 2.8B on 60B tokens; at 1e25 about 280B.
     */
    @Test
    void chinchillaLawsFlagBothEnds() {
        for (ChinchillaLaw law : new ChinchillaLaw[] {ChinchillaLaw.EPOCH, ChinchillaLaw.HOFFMANN,
                ChinchillaLaw.SARDANA}) {
            assertTrue(at(law, 1e10).contains("params") && at(law, 1e10).contains("below the fitted 7.00e+07"));
            assertTrue(at(law, 1e25).contains("above the fitted"), law.name());
        }
        assertNull(at(ChinchillaLaw.EPOCH, 1e21));
        assertNull(ChinchillaLaw.EPOCH.extrapolation(70e6, 5e9, 6 * 70e6 * 5e9)); // bounds are inclusive
        assertNotNull(ChinchillaLaw.EPOCH.extrapolation(16.1e9, 100e9, 1e22));
    }

    /** Kaplan et al. 2020: 768 to 1.5B non-embedding parameters, 22M to 23B tokens. */
    @Test
    void kaplanFlagsBeyondItsSmallerRange() {
        assertNull(KaplanLaw.TABLE_2.extrapolation(1e8, 1e9, 6e17));
        assertTrue(KaplanLaw.TABLE_2.extrapolation(1e8, 30e9, 1.8e19).contains("tokens 3.00e+10 above"));
        assertTrue(KaplanLaw.TABLE_2.extrapolation(500, 1e9, 3e12).contains("params 500 below"));
    }

    /** DeepSeek LLM §3: the allocation was fitted on 1e17 to 3e20 FLOPs. */
    @Test
    void deepSeekFlagsBudgetsOutsideItsFits() {
        assertNull(at(DeepSeekLaw.EQ_4, 1e19));
        assertTrue(at(DeepSeekLaw.EQ_4, 1e16).contains("training FLOPs 1.00e+16 below the fitted 1.00e+17"));
        assertTrue(at(DeepSeekLaw.EQ_4, 1e24).contains("training FLOPs 1.00e+24 above the fitted 3.00e+20"));
    }

    /** Joint MoE law: E <= 32 and at most 2.7B active parameters (Ludziejewski et al. 2025, App. B). */
    @Test
    void jointMoeFlagsExpertsAndSize() {
        assertNull(JointMoeLaw.atExperts(8).extrapolation(1e9, 20e9, 1.2e20));
        assertTrue(JointMoeLaw.atExperts(1000).extrapolation(1e9, 20e9, 1.2e20)
                .contains("experts 1.00e+03 above the fitted 32.0"));
        assertTrue(JointMoeLaw.atExperts(8).extrapolation(5e9, 20e9, 6e20).contains("params 5.00e+09 above"));
    }

    /** Dense laws were fitted on dense models: an expert count above 1 is outside them. */
    @Test
    void denseLawsFlagExperts() {
        assertTrue(FitRange.CHINCHILLA.reason(1e9, 20e9, 1.2e20, 8, 1).contains("experts 8.00 above the fitted 1.00"));
    }

    /** tokens-per-param predicts its loss with the epoch law, so it has that law's range. */
    @Test
    void tokensPerParamHasItsLossLawsRange() {
        assertTrue(at(new TokensPerParamRule(20, ChinchillaLaw.EPOCH), 1e10).contains("below the fitted 7.00e+07"));
    }
}
