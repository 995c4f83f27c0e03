package io.llmcost.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON and YAML documents read into Jackson trees, and trees written as JSON, through Jackson's streaming parsers
 * and generators alone. An ObjectMapper does the same, but creating the first one initialises Jackson's date
 * formats and type machinery: 40 to 60 ms of every cold start (bench/README.md, "Start-up") for nothing a command
 * uses. Reading gives the trees of {@code ObjectMapper.readTree} with {@code STRICT_DUPLICATE_DETECTION} and
 * {@code FAIL_ON_TRAILING_TOKENS} (a repeated key, or anything after the first value, is an error); writing gives
 * its {@code INDENT_OUTPUT} text.
 */
public final class JsonTree {
    private JsonTree() {}

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An empty object node, to be filled and written with {@link #write}. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The value of a JSON document; null when the document is empty. */
    public static JsonNode readJson(byte[] json) throws IOException {
        return read(JSON.createParser(json));
    }

    /** The value of a YAML document; null when the document is empty. */
    public static JsonNode readYaml(byte[] yaml) throws IOException {
        return read(YAML.createParser(yaml));
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        try (JsonParser p = parser) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            JsonNode root = value(p, first);
            JsonToken after = p.nextToken();
            if (after != null) { // InputFiles.parseError words this as "content after the first document"
                throw new JsonParseException(p, "Trailing token (of type " + after + ") found after value",
                        p.currentTokenLocation());
            }
            return root;
        }
    }

    /** The value that starts at token {@code t}; numbers get the node types ObjectMapper gives them. */
    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                    object.set(key, value(p, p.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    array.add(value(p, e));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL ? NODES.numberNode(p.getDecimalValue())
                        : NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT: // YAML's !!binary
                return p.getEmbeddedObject() instanceof byte[] bytes ? NODES.binaryNode(bytes)
                        : NODES.pojoNode(p.getEmbeddedObject());
            default:
                throw new JsonParseException(p, "Unexpected token " + t);
        }
    }

    /** The tree as indented JSON, without a final line break. */
    public static String write(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : n) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    default -> g.writeNumber(n.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case POJO -> scalar(g, ((POJONode) n).getPojo());
            default -> throw new IllegalArgumentException("JSON output: cannot write a " + n.getNodeType() + " node");
        }
    }

    /** A {@code putPOJO} value: only the scalars a summary holds (a runner's engine, master, partitions). */
    private static void scalar(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            throw new IllegalArgumentException("JSON output: cannot write a " + v.getClass().getSimpleName());
        }
    }
}
