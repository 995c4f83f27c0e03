package io.llmcost.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every built-in model against the reference counts in {@code models/counts.csv}, which were derived independently
 * of this code by enumerating the tensors of the {@code transformers} modeling classes. One parameter off fails.
 */
class ReferenceCountsTest {

    static List<Presets.Preset> presets() {
        return Presets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void totalIsExact(Presets.Preset p) {
        assertEquals(p.referenceTotal(), ParameterCount.of(Presets.spec(p.name())).total());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void activeIsExact(Presets.Preset p) {
        assertEquals(p.referenceActive(), ParameterCount.of(Presets.spec(p.name())).active());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void breakdownSumsToTotal(Presets.Preset p) {
        ParameterCount count = ParameterCount.of(Presets.spec(p.name()));
        assertEquals(count.total(), count.breakdown().values().stream().mapToLong(Long::longValue).sum());
    }
}
