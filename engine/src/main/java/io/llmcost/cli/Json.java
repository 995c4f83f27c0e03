package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.io.JsonTree;

import java.io.PrintWriter;

/** Pretty JSON on stdout; integers stay JSON integers. */
final class Json {
    private Json() {}

    static ObjectNode object() {
        return JsonTree.object();
    }

    static void print(PrintWriter out, JsonNode node) {
        out.println(JsonTree.write(node));
        out.flush();
    }
}
