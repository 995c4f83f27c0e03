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
}
