package io.llmcost.sweep;

import io.llmcost.scaling.ChinchillaLaw;
import io.llmcost.scaling.JointMoeLaw;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pow-free bound never exceeds the loss (or pruning would drop frontier points) and stays within 1% of it. */
class LossBoundTest {

    @Property(tries = 3000)
    void boundIsBelowTheLossAndClose(@ForAll @DoubleRange(min = 0, max = 16) double log10Params,
                                     @ForAll @DoubleRange(min = 0, max = 18) double log10Tokens,
                                     @ForAll @IntRange(min = 0, max = 64) int experts) {
        double n = Math.pow(10, log10Params), d = Math.pow(10, log10Tokens);
        ChinchillaLaw law = experts == 0 ? ChinchillaLaw.EPOCH : JointMoeLaw.atExperts(experts);
        double loss = experts == 0 ? law.loss(n, d) : JointMoeLaw.loss(n, d, experts);
        double bound = new LossBound(law).lowerBound(n, d);
        assertTrue(bound <= loss, "bound " + bound + " > loss " + loss);
        assertTrue(bound >= 0.99 * loss, "bound " + bound + " far below loss " + loss);
    }

    /**
     * The data-constrained law's bound (its parameter term at all U unique tokens seen, below its value at any D)
     * never exceeds the loss, with or without repeats and excess parameters; with fewer tokens than U it is looser.
     */
    @Property(tries = 3000)
    void dataConstrainedBoundIsBelowTheLoss(@ForAll @DoubleRange(min = 0, max = 14) double log10Params,
                                            @ForAll @DoubleRange(min = 0, max = 16) double log10Tokens,
                                            @ForAll @DoubleRange(min = 6, max = 13) double log10Unique) {
        double n = Math.pow(10, log10Params), d = Math.pow(10, log10Tokens), u = Math.pow(10, log10Unique);
        double loss = io.llmcost.scaling.DataConstrainedLaw.loss(n, d, u);
        double bound = LossBound.dataConstrained(u).lowerBound(n, d);
        assertTrue(bound <= loss, "bound " + bound + " > loss " + loss);
        // with every unique token seen (D >= U) the parameter term is the loss's own: as tight as Chinchilla's
        assertTrue(d < u || bound >= 0.99 * loss, "bound " + bound + " far below loss " + loss);
    }
}
