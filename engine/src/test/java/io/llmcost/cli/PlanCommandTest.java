package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanCommandTest {

    @Test
    void jsonHasTheContractFieldsBestFirst() throws IOException {
        Cli.Run r = Cli.run("plan", "--model", "llama-3.2-1b", "--gpus", "16", "--seq-len", "4096",
                "--global-batch", "64", "--flash-attention", "--max-pp", "4", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode layouts = j.at("/layouts");
        assertTrue(layouts.size() > 1);
        double previous = 0;
        for (JsonNode l : layouts) {
            for (String f : new String[]{"/tp", "/pp", "/cp", "/ep", "/vp", "/micro_batch", "/zero"}) {
                assertTrue(l.at(f).isInt(), f);
            }
            assertTrue(l.at("/recompute").isTextual());
            assertTrue(l.at("/sp").isBoolean());
            assertTrue(l.at("/memory/fits").asBoolean());
            assertTrue(l.at("/memory/per_gpu_bytes").isNumber());
            assertTrue(l.at("/throughput/tokens_per_second_per_gpu").isNumber());
            double step = l.at("/time/step_seconds").asDouble();
            assertTrue(step >= previous, "best first");
            previous = step;
            // every layout multiplies out to the GPU count
            assertEquals(16, l.at("/tp").asInt() * l.at("/pp").asInt() * l.at("/cp").asInt() * l.at("/dp").asInt());
        }
        assertTrue(j.at("/runner_up").asText().startsWith("runner-up is"));
    }

    @Test
    void aBadGpuCountIsOneLine() {
        Cli.Run r = Cli.run("plan", "--model", "llama-3.2-1b", "--gpus", "0", "--global-batch", "8");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--gpus"));
    }

    @Test
    void boundsNearTheIntegerLimitsSearchWhatTheProblemAllows() throws IOException {
        // llama-3.2-1b (16 layers, dense) on 16 GPUs, global batch 64: no valid layout has tp or cp above 16 (they
        // divide the GPUs), vp above 16 (pp x vp <= layers), ep above 1 (no experts) or a micro-batch above 64, so
        // bounds at the integer limits (which used to overflow a doubling loop and never end) plan the same layouts.
        String[] common = {"plan", "--model", "llama-3.2-1b", "--gpus", "16", "--seq-len", "4096", "--global-batch",
                "64", "--max-pp", "4", "--json"};
        Cli.Run huge = Cli.ok(common, "--max-tp", "2147483647", "--max-cp", "2147483647", "--max-vp", "2147483647",
                "--max-ep", "2147483647", "--max-micro-batch", "9223372036854775807");
        Cli.Run exact = Cli.ok(common, "--max-tp", "16", "--max-cp", "16", "--max-vp", "16", "--max-ep", "1",
                "--max-micro-batch", "64");
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(exact.out()).at("/layouts"), json.readTree(huge.out()).at("/layouts"));
    }
}
