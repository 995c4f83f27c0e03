package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The --json contract of `analyze`: field names and integer types that outside scripts read. */
class AnalyzeCommandTest {

    private static JsonNode analyzeJson(String... extra) throws Exception {
        String[] args = new String[extra.length + 3];
        args[0] = "analyze";
        args[1] = "--json";
        args[2] = "--model";
        System.arraycopy(extra, 0, args, 3, extra.length);
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /** The acceptance figures for DeepSeek-V3 (docs/formulas.md 4.4). */
    @Test
    void deepseekV3Contract() throws Exception {
        JsonNode j = analyzeJson("deepseek-v3");
        assertEquals("deepseek_v3", j.at("/model_type").asText());
        JsonNode p = j.at("/parameters");
        for (String field : new String[] {"total", "active", "active_excluding_input_embedding", "mtp"}) {
            assertTrue(p.get(field).isIntegralNumber(), field + " must be a JSON integer");
        }
        assertEquals(671_026_419_200L, p.get("total").asLong());
        assertEquals(37_552_297_472L, p.get("active").asLong());
        assertEquals(11_610_068_224L, p.get("mtp").asLong());
        assertEquals(37_552_297_472L - 129_280L * 7168, p.get("active_excluding_input_embedding").asLong());
        for (String part : new String[] {"embedding", "lm_head", "attention", "mlp", "norms", "experts",
                "shared_experts", "router"}) {
            assertTrue(p.at("/breakdown/" + part).isIntegralNumber(), part);
        }
        assertEquals(4096, j.at("/flops/seq_len").asLong());
        assertEquals("causal", j.at("/flops/attention").asText());
        JsonNode fb = j.at("/flops/breakdown");
        assertEquals(j.at("/flops/forward_per_token").asDouble(),
                fb.get("linear").asDouble() + fb.get("lm_head").asDouble() + fb.get("attention").asDouble(), 1.0);
    }

    @Test
    void seqLenAndConventionAreEchoed() throws Exception {
        JsonNode j = analyzeJson("gpt2", "--seq-len", "1024", "--attention", "full");
        assertEquals(1024, j.at("/flops/seq_len").asLong());
        assertEquals("full", j.at("/flops/attention").asText());
        assertEquals(4.0 * 12 * 768 * 1024, j.at("/flops/breakdown/attention").asDouble(), 1e-3);
        assertEquals(2.0 * 768 * 50257, j.at("/flops/breakdown/lm_head").asDouble(), 1e-3);
    }
}
