package io.llmcost.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face {@code config.json} with typed accessors whose errors name the file and the key.
 * A key that is absent or JSON {@code null} takes the default of the family's configuration class.
 */
public final class ConfigJson {
    private final String source;
    private final JsonNode root;
    /** Path of this object inside the file ("text_config."), prefixed to keys in error messages. */
    private final String prefix;

    public ConfigJson(String source, JsonNode root) {
        this(source, root, "");
    }

    private ConfigJson(String source, JsonNode root, String prefix) {
        this.source = source;
        this.root = root;
        this.prefix = prefix;
    }

    /** A nested object such as a multimodal config's {@code text_config}; its errors name {@code key.field}. */
    public ConfigJson child(String key) {
        if (!has(key)) {
            throw error(key, "missing; expected an object");
        }
        JsonNode n = root.get(key);
        if (!n.isObject()) {
            throw error(key, "expected an object");
        }
        return new ConfigJson(source, n, prefix + key + ".");
    }

    /** This object with {@code key} set to {@code value} (a class default the file leaves out). */
    public ConfigJson withString(String key, String value) {
        ObjectNode copy = ((ObjectNode) root).deepCopy();
        copy.put(key, value);
        return new ConfigJson(source, copy, prefix);
    }

    /** A config.json, or a directory holding one (a downloaded Hugging Face snapshot). */
    public static ConfigJson read(Path file) {
        if (Files.isDirectory(file)) {
            Path inside = file.resolve("config.json");
            if (!Files.isRegularFile(inside)) {
                throw new InputException(file + ": a directory without a config.json; expected a config.json or a "
                        + "model snapshot directory holding one");
            }
            file = inside;
        }
        return parse(file.toString(), InputFiles.read(file));
    }

    public static ConfigJson read(String source, InputStream in) throws IOException {
        return parse(source, InputFiles.read(source, in));
    }

    private static ConfigJson parse(String source, byte[] bytes) {
        JsonNode root;
        try {
            root = JsonTree.readJson(bytes); // a repeated key or anything after the object is an error
        } catch (JsonProcessingException e) {
            throw InputFiles.parseError(source, "JSON", e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InputException(source + ": expected a JSON object at the top level");
        }
        return new ConfigJson(source, root);
    }

    public String source() {
        return source;
    }

    public boolean has(String key) {
        JsonNode n = root.get(key);
        return n != null && !n.isNull();
    }

    /**
     * Whether the key is present with JSON {@code null}: Python's {@code None}, which for an {@code Optional} field
     * whose class default is not {@code None} (DeepSeek's {@code q_lora_rank}) differs from leaving the key out.
     */
    public boolean isNull(String key) {
        JsonNode n = root.get(key);
        return n != null && n.isNull();
    }

    public InputException error(String key, String problem) {
        JsonNode n = root.get(key);
        String shown = n == null || n.isNull() ? "" : "=" + n;
        return new InputException(source + ": " + prefix + key + shown + ": " + problem);
    }

    public String string(String key) {
        if (!has(key)) {
            throw error(key, "missing; expected a string");
        }
        JsonNode n = root.get(key);
        if (!n.isTextual()) {
            throw error(key, "expected a string");
        }
        return n.asText();
    }

    /** A required whole number > 0. */
    public long positiveLong(String key) {
        if (!has(key)) {
            throw error(key, "missing; expected a positive integer");
        }
        return positive(key);
    }

    /** An optional whole number > 0. */
    public long positiveLong(String key, long defaultValue) {
        return has(key) ? positive(key) : defaultValue;
    }

    /** An optional whole number >= 0. */
    public long nonNegativeLong(String key, long defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        long v = whole(key);
        if (v < 0) {
            throw error(key, "expected an integer >= 0");
        }
        return v;
    }

    public int positiveInt(String key) {
        return toInt(key, positiveLong(key));
    }

    public int positiveInt(String key, int defaultValue) {
        return has(key) ? toInt(key, positive(key)) : defaultValue;
    }

    public int nonNegativeInt(String key, int defaultValue) {
        return toInt(key, nonNegativeLong(key, defaultValue));
    }

    public boolean bool(String key, boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode n = root.get(key);
        if (!n.isBoolean()) {
            throw error(key, "expected true or false");
        }
        return n.booleanValue();
    }

    public List<Long> longList(String key) {
        List<Long> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonNode n = root.get(key);
        if (!n.isArray()) {
            throw error(key, "expected a list of integers");
        }
        for (JsonNode e : n) {
            if (!e.canConvertToExactIntegral() || !e.canConvertToLong() || e.asLong() < 0) {
                throw error(key, "expected a list of integers from 0 to 2^63 - 1");
            }
            out.add(e.asLong());
        }
        return out;
    }

    public List<String> stringList(String key) {
        List<String> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonNode n = root.get(key);
        if (!n.isArray()) {
            throw error(key, "expected a list of strings");
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw error(key, "expected a list of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** An optional finite number > 0, whole or not (Qwen2VLVisionConfig's mlp_ratio). */
    public double positiveNumber(String key, double defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode n = root.get(key);
        if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() <= 0) {
            throw error(key, "expected a finite number > 0");
        }
        return n.asDouble();
    }

    /**
     * How many layer indices a key holds that is one integer or a list of integers of any sign (Mistral3Config's
     * vision_feature_layer): 1 for an integer, the list's length for a list, {@code defaultValue} when absent.
     */
    public int integerOrListLength(String key, int defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode n = root.get(key);
        if (n.isArray() && n.size() > 0) {
            for (JsonNode e : n) {
                if (!e.isIntegralNumber()) {
                    throw error(key, "expected an integer or a non-empty list of integers");
                }
            }
            return n.size();
        }
        if (!n.isIntegralNumber()) {
            throw error(key, "expected an integer or a non-empty list of integers");
        }
        return 1;
    }

    private long positive(String key) {
        long v = whole(key);
        if (v <= 0) {
            throw error(key, "expected a positive integer");
        }
        return v;
    }

    private long whole(String key) {
        JsonNode n = root.get(key);
        if (!n.isNumber() || !n.canConvertToExactIntegral()) {
            throw error(key, "expected an integer");
        }
        if (!n.canConvertToLong()) {
            throw error(key, "too large; expected an integer below 2^63");
        }
        return n.asLong();
    }

    private int toInt(String key, long v) {
        if (v > Integer.MAX_VALUE) {
            throw error(key, "too large; expected an integer below 2^31");
        }
        return (int) v;
    }
}
