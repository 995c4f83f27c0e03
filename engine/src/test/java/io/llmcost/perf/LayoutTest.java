package io.llmcost.perf;

import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

class LayoutTest {
    private static final ModelSpec LLAMA = Presets.spec("llama-3-8b");       // 32 layers, 32 heads, 8 kv heads
    private static final ModelSpec QWEN_MOE = Presets.spec("qwen3-30b-a3b"); // 128 experts, 4 kv heads

    @Test
    void oneIsValidForEveryModel() {
        assertNull(Layout.problem(LLAMA, 4096, 1, 1, 1, 1, 1, 1));
        assertNull(Layout.problem(QWEN_MOE, 4096, 1, 1, 1, 1, 1, 1));
    }

    @Test
    void eachRuleNamesItsField() {
        assertEquals("tp", Layout.problem(LLAMA, 4096, 16, 1, 1, 1, 1, 1).field());     // 8 kv heads
        assertEquals("pp", Layout.problem(LLAMA, 4096, 1, 33, 1, 1, 1, 1).field());
        assertEquals("vp", Layout.problem(LLAMA, 4096, 1, 1, 1, 1, 2, 1).field());      // no pipeline
        assertEquals("vp", Layout.problem(LLAMA, 4096, 1, 8, 1, 1, 5, 1).field());      // 40 > 32 layers
        assertEquals("cp", Layout.problem(LLAMA, 4096, 1, 1, 3, 1, 1, 1).field());      // 6 does not divide 4096
        assertEquals("ep", Layout.problem(LLAMA, 4096, 1, 1, 1, 2, 1, 2).field());      // dense
        assertEquals("ep", Layout.problem(QWEN_MOE, 4096, 1, 1, 1, 3, 1, 3).field());   // 128 experts
        assertEquals("ep", Layout.problem(QWEN_MOE, 4096, 2, 1, 1, 16, 1, 4).field());  // tp cp dp = 8
        assertNull(Layout.problem(QWEN_MOE, 4096, 2, 1, 1, 8, 1, 4));                   // folded over tp
        assertEquals("gpus", Layout.gpusProblem(12, 1, 8, 1).field());
        assertNull(Layout.gpusProblem(64, 4, 4, 2));
    }

    @Test
    void hugeValuesAreRejectedAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertEquals("pp", Layout.problem(LLAMA, 4096, 1, 2_000_000_000, 1, 1, 1, 1).field());
            assertEquals("gpus", Layout.gpusProblem(8, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)
                    .field());
            assertEquals("vp", Layout.problem(LLAMA, 4096, 1, 2, 1, 1, Integer.MAX_VALUE, 1).field());
        });
    }
}
