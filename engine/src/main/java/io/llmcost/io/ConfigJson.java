package io.llmcost.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face {@code config.json} with typed accessors whose errors name the file and the key.
 * A key that is absent or JSON {@code null} takes the default of the family's configuration class.
 */
public final class ConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final JsonNode root;

    public ConfigJson(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    public static ConfigJson read(Path file) {
        return parse(file.toString(), InputFiles.read(file));
    }

    public static ConfigJson read(String source, InputStream in) throws IOException {
        return parse(source, InputFiles.read(source, in));
    }

    private static ConfigJson parse(String source, byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
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

    public InputException error(String key, String problem) {
        JsonNode n = root.get(key);
        String shown = n == null || n.isNull() ? "" : "=" + n;
        return new InputException(source + ": " + key + shown + ": " + problem);
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
            if (!e.canConvertToExactIntegral() || e.asLong() < 0) {
                throw error(key, "expected a list of integers >= 0");
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
