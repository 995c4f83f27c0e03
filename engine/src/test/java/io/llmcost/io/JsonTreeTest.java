package io.llmcost.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JsonTree against Jackson's ObjectMapper, which it replaces on the start-up path: the same trees, the same text. */
class JsonTreeTest {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheTreesObjectMapperReads() throws Exception {
        // int, long, big integer, double, exponent, negative zero, string escapes, nesting, null, booleans, empty
        String json = "{\"i\": 7, \"l\": 8000000000, \"big\": 123456789012345678901234567890, \"d\": 2.5, "
                + "\"e\": 1e22, \"z\": -0.0, \"s\": \"a\\\"b\\u00e9\", \"o\": {\"a\": [1, [2.0, \"x\"], {}]}, "
                + "\"n\": null, \"t\": true, \"f\": false, \"empty\": []}";
        JsonNode ours = JsonTree.readJson(utf8(json));
        assertEquals(JSON.readTree(json), ours);
        for (String key : List.of("i", "l", "big", "d", "e")) { // equal nodes of different types would still differ
            assertEquals(JSON.readTree(json).get(key).numberType(), ours.get(key).numberType(), key);
        }
        String yaml = "name: x\naxes:\n  hidden: [512, 1024]\n  tokens: 1.5e12\n  big: 99999999999\nflag: true\n"
                + "none: ~\nnested: {a: {b: [1, 2.5, 'q']}}\n";
        assertEquals(YAML.readTree(yaml), JsonTree.readYaml(utf8(yaml)));
    }

    @Test
    void writesTheTextObjectMapperWrites() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree("{\"a\": [1, 8000000000, 2.5, 1e22, \"s\", null, true], "
                + "\"b\": {\"c\": {}, \"d\": []}, \"e\": 123456789012345678901234567890}");
        tree.putPOJO("engine", "spark").putPOJO("partitions", 13); // a runner's summary keys
        assertEquals(JSON.writeValueAsString(tree), JsonTree.write(tree));
    }

    @Test
    void aRepeatedKeyOrASecondDocumentIsAnErrorAndAnEmptyDocumentIsNull() throws Exception {
        JsonParseException dup = assertThrows(JsonParseException.class, () -> JsonTree.readJson(utf8("{\"a\":1,\"a\":2}")));
        assertTrue(dup.getOriginalMessage().startsWith("Duplicate field 'a'"), dup.getMessage());
        JsonParseException trailing = assertThrows(JsonParseException.class,
                () -> JsonTree.readYaml(utf8("a: 1\n---\nb: 2\n")));
        assertTrue(trailing.getOriginalMessage().startsWith("Trailing token"), trailing.getMessage());
        assertEquals(3, trailing.getLocation().getLineNr()); // where the second document starts
        assertNull(JsonTree.readJson(new byte[0]));
        assertNull(JsonTree.readYaml(new byte[0]));
    }
}
