package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The --json contract of `analyze`: field names and integer types that outside scripts read. */
class AnalyzeCommandTest {

    private static JsonNode analyzeJson(String... extra) throws Exception {
        return new ObjectMapper().readTree(Cli.ok(new String[] {"analyze", "--json", "--model"}, extra).out());
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

    /** analyze --csv: the tables' exact values; Llama-2-7B's published 6,738,415,616 and the parts adding up. */
    @Test
    void csvHoldsTheTablesExactly() throws Exception {
        Cli.Run r = Cli.run("analyze", "--model", "llama-2-7b", "--csv");
        assertEquals(0, r.exit(), r.err());
        java.util.List<String> lines = r.out().lines().toList();
        assertEquals("table,quantity,value", lines.get(0));
        assertTrue(lines.contains("parameters,total,6738415616"), r.out());
        long parts = lines.stream().filter(l -> l.startsWith("parameters,"))
                .filter(l -> !l.matches("parameters,(total|active|active_excluding_input_embedding|mtp),.*"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
        assertEquals(6_738_415_616L, parts);
        // forward FLOPs per token = linear + lm_head + attention
        java.util.Map<String, Double> flops = new java.util.HashMap<>();
        lines.stream().filter(l -> l.startsWith("forward_flops_per_token,")).forEach(l -> flops.put(
                l.split(",")[1], Double.parseDouble(l.split(",")[2])));
        assertEquals(flops.get("linear") + flops.get("lm_head") + flops.get("attention"),
                flops.get("forward_per_token"), 1e-6);
        assertEquals(2, Cli.run("analyze", "--model", "gpt2", "--csv", "--json").exit());
    }

    /** models --json and validate --json: one object each, exact counts as JSON integers. */
    @Test
    void modelsAndValidateTakeJson() throws Exception {
        Cli.Run models = Cli.run("models", "--json");
        assertEquals(0, models.exit(), models.err());
        JsonNode list = new ObjectMapper().readTree(models.out()).get("models");
        JsonNode llama = null;
        for (JsonNode m : list) {
            llama = m.get("name").asText().equals("llama-2-7b") ? m : llama;
        }
        assertTrue(llama != null && llama.get("total").isIntegralNumber());
        assertEquals(6_738_415_616L, llama.get("total").asLong()); // HF model card
        assertEquals(32, llama.get("layers").asInt());

        Cli.Run validate = Cli.run("validate", "--json");
        assertEquals(0, validate.exit(), validate.err());
        JsonNode v = new ObjectMapper().readTree(validate.out());
        assertEquals(0, v.get("mismatches").asInt());
        assertEquals(list.size(), v.get("models").size());
        for (JsonNode m : v.get("models")) {
            assertEquals(m.get("reference_total").asLong(), m.get("computed_total").asLong(), m.toString());
        }
    }
}
