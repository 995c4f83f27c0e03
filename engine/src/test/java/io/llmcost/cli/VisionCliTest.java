package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze --include-vision} in its three output forms for Llama 4 Scout, whose checkpoint holds
 * 108,641,793,536 parameters (Hugging Face safetensors total of meta-llama/Llama-4-Scout-17B-16E-Instruct):
 * 107,769,861,120 in the language model (counts.csv) and 871,932,416 in the vision encoder, adapter and projector
 * (docs/reference-counts/count.py --vision).
 */
class VisionCliTest {
    private static final long LANGUAGE = 107_769_861_120L, VISION = 871_932_416L, CHECKPOINT = 108_641_793_536L;

    private static Cli.Run analyze(String... extra) {
        return Cli.ok(new String[] {"analyze", "--model", "llama-4-scout-17b-16e"}, extra);
    }

    @Test
    void jsonReportsTheTowerApartAndAddsItOnlyWhenAsked() throws IOException {
        JsonNode apart = new ObjectMapper().readTree(analyze("--json").out()).get("parameters");
        assertEquals(LANGUAGE, apart.get("total").asLong());
        assertEquals(VISION, apart.get("vision").asLong());
        assertTrue(apart.get("counted").asText().contains("projector"), apart.get("counted").asText());
        JsonNode with = new ObjectMapper().readTree(analyze("--json", "--include-vision").out()).get("parameters");
        assertEquals(CHECKPOINT, with.get("total").asLong());
        assertTrue(with.get("total_includes_vision").asBoolean());
    }

    @Test
    void csvAndTextAgreeWithJson() {
        String csv = analyze("--csv", "--include-vision").out();
        assertTrue(csv.contains("parameters,total," + CHECKPOINT + "\n"), csv);
        assertTrue(csv.contains("parameters,vision," + VISION + "\n"), csv);
        assertTrue(analyze("--csv").out().contains("parameters,total," + LANGUAGE + "\n"));
        assertTrue(analyze("--include-vision").out().contains("total with vision tower and projector: 108,641,793,536"));
        assertTrue(analyze().out().contains("vision tower and projector (not in total): 871,932,416"));
    }
}
