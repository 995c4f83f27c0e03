package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.llmcost.io.ConfigJson;
import io.llmcost.model.Families;
import io.llmcost.model.ForwardFlops;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.plot.Plots;
import io.llmcost.scaling.ChinchillaLaw;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimalCommandTest {
    /** Reads the command's JSON output: Jackson's own mapper, not the writer under test. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws IOException {
        String[] all = new String[args.length + 2];
        all[0] = "optimal";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = "--json";
        Cli.Run r = Cli.run(all);
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    private static void assertOneLineUsageError(String... args) {
        Cli.Run r = Cli.run(args);
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    /** Chinchilla: N = sqrt(5.76e23 / (6 x 20)) = 6.928e10 (≈ 70B), D = 20 N = 1.386e12 (≈ 1.4T). */
    @Test
    void chinchillaCheckThroughTheCli() throws IOException {
        JsonNode j = json("--flops", "5.76e23", "--law", "tokens-per-param");
        assertEquals("tokens-per-param", j.get("law").asText());
        assertEquals(5.76e23, j.get("budget_flops").asDouble(), 0);
        assertEquals(6.928e10, j.get("params").asDouble(), 0.001e10);
        assertEquals(1.3856e12, j.get("tokens").asDouble(), 0.001e12);
        assertEquals(20.0, j.get("tokens_per_param").asDouble(), 1e-9);
        assertEquals(5.76e23, j.get("flops_used").asDouble(), 1e-9 * 5.76e23);
        assertTrue(j.get("loss").isNumber());
    }

    /** H100 SXM dense BF16 peak 989.4 TFLOP/s (half the datasheet's sparse 1,979): 1000 h x 3600 s x peak x 0.4. */
    @Test
    void gpuHoursBudgetUsesTheCatalogPeak() throws IOException {
        JsonNode j = json("--gpu-hours", "1000", "--gpu", "h100-sxm");
        assertEquals(1000 * 3600 * 989.4e12 * 0.4, j.get("budget_flops").asDouble(), 1e3);
        assertEquals("gpu-hours", j.at("/budget/source").asText());
    }

    /** $2M at $2.50/GPU-hour is 800,000 A100-hours; at 312 TFLOP/s dense BF16 and MFU 0.5. */
    @Test
    void usdBudgetConvertsThroughGpuHours() throws IOException {
        JsonNode j = json("--usd", "2e6", "--gpu", "a100-80gb", "--usd-per-gpu-hour", "2.5", "--mfu", "0.5");
        assertEquals(800_000.0, j.at("/budget/gpu_hours").asDouble(), 1e-6);
        assertEquals(800_000.0 * 3600 * 312e12 * 0.5, j.get("budget_flops").asDouble(), 1e6);
    }

    /** The seed's --training_budget X is --usd X on h100-sxm at $2/GPU-hour. */
    @Test
    void trainingBudgetAlias() throws IOException {
        JsonNode j = json("--training_budget", "1e6");
        assertEquals(500_000.0 * 3600 * 989.4e12 * 0.4, j.get("budget_flops").asDouble(), 1e6);
        assertEquals("h100-sxm", j.at("/budget/gpu").asText());
    }

    @Test
    void plotWritesIsoFlopPngWithoutChangingTheJson(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("iso.png");
        Cli.Run plain = Cli.run("optimal", "--flops", "1e22", "--json");
        Cli.Run plotted = Cli.run("optimal", "--flops", "1e22", "--json", "--plot", png.toString());
        assertEquals(0, plotted.exit(), plotted.err());
        assertEquals(plain.out(), plotted.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH_PX, image.getWidth());
        assertEquals(Plots.HEIGHT_PX, image.getHeight());
    }

    @Test
    void plotOfALawWithoutLossIsAUsageError(@TempDir Path dir) {
        assertOneLineUsageError("optimal", "--flops", "1e22", "--law", "deepseek", "--plot",
                dir.resolve("x.png").toString());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    /**
     * Every shape spends exactly the budget (3 x forward x tokens = C), honours the constraints, and agrees with a
     * second formulation: the same shape as a Hugging Face llama config through the model layer, and the Epoch law.
     */
    @Test
    void shapesSpendTheBudgetExactlyAndMatchTheModelLayer() throws IOException {
        double c = 1e22;
        JsonNode j = json("--flops", "1e22", "--shapes", "5", "--aspect-ratio-min", "64", "--aspect-ratio-max",
                "128");
        JsonNode shapes = j.get("shapes");
        assertEquals(5, shapes.size());
        double previous = 0;
        for (JsonNode s : shapes) {
            long hidden = s.get("hidden").asLong(), layers = s.get("layers").asLong();
            assertEquals(c, 3 * s.get("flops_forward_per_token").asDouble() * s.get("tokens").asDouble(), 1e-6 * c);
            assertTrue(hidden >= 64 * layers && hidden <= 128 * layers, s.toString());
            assertEquals(hidden, 128 * s.get("heads").asLong());
            assertEquals(0, s.get("heads").asLong() % s.get("kv_heads").asLong());
            assertTrue(s.get("loss").asDouble() >= previous);
            previous = s.get("loss").asDouble();

            String config = String.format("{\"model_type\": \"llama\", \"hidden_size\": %d, "
                            + "\"num_hidden_layers\": %d, \"num_attention_heads\": %d, \"num_key_value_heads\": %d, "
                            + "\"intermediate_size\": %d, \"vocab_size\": 32000}", hidden, layers,
                    s.get("heads").asLong(), s.get("kv_heads").asLong(), s.get("ffn").asLong());
            ModelSpec m = Families.build(new ConfigJson("shape", JSON.readTree(config)));
            long params = ParameterCount.of(m).total();
            assertEquals(params, s.get("params_total").asLong());
            assertEquals(ForwardFlops.of(m, 4096, true).total(), s.get("flops_forward_per_token").asDouble(),
                    1e-9 * s.get("flops_forward_per_token").asDouble());
            assertEquals(ChinchillaLaw.EPOCH.loss(params, s.get("tokens").asDouble()), s.get("loss").asDouble(),
                    1e-6);
        }
        // The best concrete shape lands within 1% of the closed-form optimum's loss (which assumes C = 6ND).
        assertEquals(j.get("loss").asDouble(), shapes.get(0).get("loss").asDouble(), 0.01 * j.get("loss").asDouble());
    }

    /** Under ZeRO-3 over 64 GPUs every listed shape fits 80 GiB per GPU. */
    @Test
    void shapesHonourTheMemoryLimit() throws IOException {
        JsonNode j = json("--flops", "1e23", "--shapes", "3", "--max-memory-per-gpu", "80GiB", "--dp", "64",
                "--zero", "3");
        for (JsonNode s : j.get("shapes")) {
            assertTrue(s.get("memory_training_bytes").asDouble() <= 80.0 * (1L << 30), s.toString());
        }
        assertTrue(j.get("shape_constraints").asText().contains("80GiB"));
    }

    @Test
    void moeShapesUnderTheJointLaw() throws IOException {
        JsonNode j = json("--flops", "1e21", "--law", "joint-moe", "--experts", "8", "--shapes", "2");
        for (JsonNode s : j.get("shapes")) {
            assertEquals(8, s.get("experts").asLong());
            assertEquals(1, s.get("top_k").asLong());
            assertTrue(s.get("params_active").asLong() < s.get("params_total").asLong());
        }
    }

    @Test
    void shapesNeedALawWithALoss() {
        assertOneLineUsageError("optimal", "--flops", "1e22", "--law", "kaplan", "--shapes", "3");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--shapes", "0");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--shapes", "3", "--max-memory-per-gpu", "lots");
    }

    @Test
    void jsonContractFieldsForEveryLaw() throws IOException {
        for (String law : new String[] {"epoch", "hoffmann", "tokens-per-param", "kaplan", "deepseek", "joint-moe"}) {
            JsonNode j = json("--flops", "1e24", "--law", law);
            for (String f : new String[] {"law", "budget_flops", "params", "tokens", "tokens_per_param", "loss"}) {
                assertTrue(j.has(f), law + " lacks " + f);
            }
            assertEquals(law, j.get("law").asText());
            assertTrue(j.get("params").isIntegralNumber() && j.get("tokens").isIntegralNumber());
        }
        assertTrue(json("--flops", "1e24", "--law", "deepseek").get("loss").isNull());
        assertTrue(json("--flops", "1e24", "--law", "deepseek").get("flops_per_token").isNumber());
    }

    /** The default law is Epoch's refit: D/N = 18.4 at 5.76e23 (formulas.md 3.1 table). */
    @Test
    void defaultLawIsEpoch() throws IOException {
        JsonNode j = json("--flops", "5.76e23");
        assertEquals("epoch", j.get("law").asText());
        assertEquals(18.4, j.get("tokens_per_param").asDouble(), 0.05);
        assertEquals(5, j.get("isoflop").get("budgets_flops").size());
    }

    /** Ludziejewski et al. 2025 Table 1: F = 1e22, E = 8 gives 14.4B active parameters and 115.8B tokens. */
    @Test
    void jointMoeWithExperts() throws IOException {
        JsonNode j = json("--flops", "1e22", "--law", "joint-moe", "--experts", "8");
        assertEquals(14.4e9, j.get("params").asDouble(), 0.01 * 14.4e9);
        assertEquals(115.8e9, j.get("tokens").asDouble(), 0.01 * 115.8e9);
    }

    @Test
    void textOutputNamesAssumptionsAndMarksOptima() {
        Cli.Run r = Cli.run("optimal", "--flops", "1e24", "--law", "deepseek");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("UNVERIFIED"), r.out());
        assertTrue(r.out().contains("IsoFLOP view: not available"), r.out());
        r = Cli.run("optimal", "--flops", "1e24");
        assertEquals(5, r.out().lines().filter(l -> l.contains("*") && !l.startsWith("*")).count(), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1e24", "NaN", "Infinity", "1e40", "abc"})
    void badFlops(String value) {
        assertOneLineUsageError("optimal", "--flops", value);
    }

    @Test
    void badCombinations() {
        assertOneLineUsageError("optimal");
        assertOneLineUsageError("optimal", "--flops", "1e24", "--gpu-hours", "1000", "--gpu", "h100-sxm");
        assertOneLineUsageError("optimal", "--flops", "1e24", "--usd", "1e6");
        assertOneLineUsageError("optimal", "--flops", "1e24", "--law", "chinchilla");
        assertOneLineUsageError("optimal", "--gpu-hours", "1000");
        assertOneLineUsageError("optimal", "--gpu-hours", "-5", "--gpu", "h100-sxm");
        assertOneLineUsageError("optimal", "--usd", "1e6", "--gpu", "h100-sxm");
        assertOneLineUsageError("optimal", "--gpu-hours", "1000", "--gpu", "NoSuchGPU");
        assertOneLineUsageError("optimal", "--flops", "1e24", "--mfu", "1.5");
        assertOneLineUsageError("optimal", "--flops", "1e24", "--tokens-per-param", "0");
        assertOneLineUsageError("optimal", "--flops", "1e24", "--experts", "-2");
    }

    /**
     * Options that would change nothing are usage errors, one line each (issue 14): a budget already in FLOPs with
     * a GPU, price or MFU; a law's parameter given to another law.
     */
    @Test
    void optionsThatDoNothingAreUsageErrors() {
        assertOneLineUsageError("optimal", "--flops", "1e22", "--gpu", "h100-sxm");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--usd-per-gpu-hour", "2");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--mfu", "0.5");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--tokens-per-param", "30");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--experts", "8");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--law", "hoffmann", "--experts", "8");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--unique-tokens", "1e10");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--law", "data-constrained");
        assertOneLineUsageError("optimal", "--flops", "1e22", "--law", "kaplan", "--inference-tokens", "1e12");
        assertOneLineUsageError("optimal", "--gpu-hours", "1e5", "--gpu", "h100-sxm", "--usd-per-gpu-hour", "2");
        Cli.Run r = Cli.run("optimal", "--flops", "1e22", "--gpu", "h100-sxm");
        assertTrue(r.err().contains("--gpu has no effect with --flops"), r.err());
    }

    /**
     * Extrapolation below and above the epoch law's fit (Hoffmann et al. 2022, abstract: 70M to 16B parameters on
     * 5B to 500B tokens): 1e10 FLOPs gives a 6,384-parameter model, 1e26 about 890B; 1e21 gives 2.8B on 60B tokens.
     */
    @Test
    void extrapolationIsFlaggedInJsonAndOnStderr() throws IOException {
        JsonNode low = json("--flops", "1e10");
        assertTrue(low.get("extrapolated").asBoolean());
        assertTrue(low.get("extrapolated_reason").asText().contains("params 6.38e+03 below the fitted 7.00e+07"));
        JsonNode high = json("--flops", "1e26");
        assertTrue(high.get("extrapolated").asBoolean());
        assertTrue(high.get("extrapolated_reason").asText().contains("above the fitted 1.60e+10"));
        JsonNode inside = json("--flops", "1e21");
        assertFalse(inside.get("extrapolated").asBoolean());
        assertTrue(inside.get("extrapolated_reason").isNull());
        Cli.Run r = Cli.run("optimal", "--flops", "1e10");
        assertEquals(0, r.exit());
        assertTrue(r.err().startsWith("llmcost: warning: the epoch law extrapolates"), r.err());
        assertTrue(Cli.run("optimal", "--flops", "1e21").err().isEmpty());
    }

    /** joint-moe was fitted up to 32 experts (Ludziejewski et al. 2025): --experts 1000 is an extrapolation. */
    @Test
    void jointMoeBeyondThirtyTwoExpertsIsFlagged() throws IOException {
        JsonNode j = json("--flops", "1e20", "--law", "joint-moe", "--experts", "1000");
        assertTrue(j.get("extrapolated_reason").asText().contains("experts 1.00e+03 above the fitted 32.0"));
        assertFalse(json("--flops", "1e20", "--law", "joint-moe", "--experts", "8").get("extrapolated").asBoolean());
    }

    /**
     * Sardana et al. 2024, Figure 1: a 13B-Chinchilla model serving 2T tokens is best as a 7B model, saving
     * 1.7e22 FLOPs (17%). Under their law (alpha 0.336, beta 0.283) the 13B model's Chinchilla budget is
     * C = 6 (N/G)^((a+b)/b) with G = (0.336 x 406.4 / (0.283 x 410.7))^(1/0.619) (Hoffmann et al. App. D.2).
     */
    @Test
    void inferenceTokensReproduceTheFigure1Example() throws IOException {
        double g = Math.pow(0.336 * 406.4 / (0.283 * 410.7), 1 / 0.619);
        double c = 6 * Math.pow(13e9 / g, 0.619 / 0.283);
        JsonNode j = json("--law", "sardana", "--flops", Double.toString(c), "--inference-tokens", "2e12");
        JsonNode a = j.get("inference_aware");
        assertEquals(13e9, a.at("/compute_optimal/params").asDouble(), 1e6);
        assertEquals(7e9, a.at("/lifetime_optimal/params").asDouble(), 0.05e9);
        assertEquals(1.7e22, a.get("flops_saved").asDouble(), 0.05e22);
        assertEquals(0.17, a.get("flops_saved_fraction").asDouble(), 0.005);
        assertEquals(2 * a.at("/lifetime_optimal/params").asDouble() * 2e12,
                a.at("/lifetime_optimal/flops_inference").asDouble(), 1e-9 * 2.8e22); // params printed rounded
        Cli.Run text = Cli.run("optimal", "--law", "sardana", "--flops", Double.toString(c), "--inference-tokens",
                "2e12");
        assertTrue(text.out().contains("inference-aware") && text.out().contains("smaller"), text.out());
    }

    /**
     * --loss L: the budget of the compute-optimal model of that loss. Under the sardana law the loss of a 13B model on
     * its Chinchilla tokens D = (C/6)/N, C/6 = (N/G)^((a+b)/b), is 1.69 + 406.4/N^0.336 + 410.7/D^0.283 (eq. 1); the
     * plan for that loss is the 13B model again.
     */
    @Test
    void targetLossGivesTheComputeOptimalModelOfThatLoss() throws IOException {
        double g = Math.pow(0.336 * 406.4 / (0.283 * 410.7), 1 / 0.619);
        double d = Math.pow(13e9 / g, 0.619 / 0.283) / 13e9;
        double loss = 1.69 + 406.4 / Math.pow(13e9, 0.336) + 410.7 / Math.pow(d, 0.283);
        JsonNode j = json("--law", "sardana", "--loss", Double.toString(loss));
        assertEquals(13e9, j.get("params").asDouble(), 1e-6 * 13e9);
        assertEquals(loss, j.get("loss").asDouble(), 1e-9);
        assertEquals("loss", j.at("/budget/source").asText());
        assertOneLineUsageError("optimal", "--loss", "1.5");
        assertOneLineUsageError("optimal", "--loss", "2.5", "--law", "kaplan");
        assertOneLineUsageError("optimal", "--loss", "2.5", "--flops", "1e22");
    }

    /**
     * Priced lifetime: 1e5 H100-hours at MFU 0.4 and $2/GPU-hour make $2 per 1e5 x 3600 x 989.4e12 x 0.4 / 1e5
     * FLOPs; the totals are the FLOPs at that price.
     */
    @Test
    void lifetimeIsPricedWithAGpuAndAPrice() throws IOException {
        JsonNode j = json("--gpu-hours", "1e5", "--gpu", "h100-sxm", "--usd-per-gpu-hour", "2",
                "--inference-tokens", "1e12");
        double usdPerFlop = 2 / (3600 * 989.4e12 * 0.4);
        JsonNode l = j.at("/inference_aware/lifetime_optimal");
        assertEquals(l.get("flops_total").asDouble() * usdPerFlop, l.get("usd_total").asDouble(), 1e-6);
        JsonNode f = json("--flops", "1e22", "--gpu", "h100-sxm", "--usd-per-gpu-hour", "2", "--inference-tokens",
                "1e12");
        assertTrue(f.at("/inference_aware/compute_optimal/usd_total").isNumber());
        assertTrue(json("--flops", "1e22", "--inference-tokens", "1e12")
                .at("/inference_aware/compute_optimal/usd_total").isNull());
    }

    /**
     * Muennighoff et al. 2023 via the CLI: the authors' README finds 7.02B parameters on 237B tokens (9.49 epochs)
     * for 1e22 FLOPs and 25B unique tokens, by a grid search of 0.4% steps.
     */
    @Test
    void dataConstrainedLawThroughTheCli() throws IOException {
        JsonNode j = json("--flops", "1e22", "--law", "data-constrained", "--unique-tokens", "25e9");
        assertEquals(7.022e9, j.get("params").asDouble(), 0.004 * 7.022e9);
        assertEquals(9.49, j.get("epochs").asDouble(), 0.004 * 9.49);
        assertFalse(j.get("extrapolated").asBoolean());
    }

    /**
     * A shape's token count beyond 2^63 stays exact in the JSON instead of saturating at 2^63 - 1: tokens =
     * budget / (3 x forward FLOPs per token), here 1e35 over a few 1e12 FLOPs per token, about 5e21.
     */
    @Test
    void shapeTokensBeyondALongAreNotSaturated() throws IOException {
        Cli.Run r = Cli.run("optimal", "--flops", "1e35", "--shapes", "1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode shape = JSON.readTree(r.out()).at("/shapes/0");
        java.math.BigInteger tokens = shape.get("tokens").bigIntegerValue();
        double expected = 1e35 / (3 * shape.get("flops_forward_per_token").asDouble());
        assertTrue(expected > 0x1p63);
        assertEquals(expected, tokens.doubleValue(), 1e-12 * expected);
    }

    @Test
    void anInferenceAwareTokenCountBeyondALongIsAnErrorNotASaturatedCount() {
        // Sardana et al.'s optimum at 1e22 FLOPs and 1e24 lifetime inference tokens trains on about 3.9e20 tokens,
        // more than 2^63 - 1 = 9.2e18: the JSON used to carry 9223372036854775807 (Math.round's cap).
        Cli.Run r = Cli.run("optimal", "--law", "sardana", "--flops", "1e22", "--inference-tokens", "1e24", "--json");
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().strip().endsWith("give no usable inference-aware tokens D"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }
}
