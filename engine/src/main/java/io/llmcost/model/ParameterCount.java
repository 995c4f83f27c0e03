package io.llmcost.model;

import io.llmcost.formula.Params;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact parameter counts of a model.
 *
 * <p>Total: every tensor of the main model that the checkpoint stores, persistent buffers included (DeepSeek-V3's
 * e_score_correction_bias), rotary inv_freq excluded, tied matrices once. Active: what one token uses, i.e. all but
 * the routed experts it is not sent to; input embedding and LM head included. MTP modules are reported apart.
 *
 * @param breakdown components that sum to {@code total}, in a stable order
 */
public record ParameterCount(long total, long active, long activeExcludingInputEmbedding,
                             Map<String, Long> breakdown, long mtp) {

    public static final String EMBEDDING = "embedding";
    public static final String POSITION_EMBEDDING = "position_embedding";
    public static final String LM_HEAD = "lm_head";
    public static final String ATTENTION = "attention";
    public static final String MLP = "mlp";
    public static final String EXPERTS = "experts";
    public static final String SHARED_EXPERTS = "shared_experts";
    public static final String ROUTER = "router";
    public static final String NORMS = "norms";

    public static ParameterCount of(ModelSpec m) {
        long h = m.hiddenSize();
        long tokenEmbedding = Params.embedding(m.vocabSize(), h);
        long positionEmbedding = Params.embedding(m.positionEmbeddings(), h);
        long lmHead = m.tiedEmbeddings() ? 0 : tokenEmbedding;

        long attention = 0, mlp = 0, experts = 0, shared = 0, router = 0, norms = 0, activeLayers = 0;
        for (Layer layer : m.layers()) {
            long attn = layer.attention().params(h, m.norm());
            long qkNorms = layer.attention().normParams(m.norm());
            long layerNorms = Params.norm(h, m.norm().tensorsPerNorm) * layer.hiddenNorms();
            attention = Math.addExact(attention, attn - qkNorms);
            norms = Math.addExact(norms, qkNorms + layerNorms);
            if (layer.ffn() instanceof Ffn.Moe moe) {
                experts = Math.addExact(experts, moe.routedParams(h));
                shared = Math.addExact(shared, moe.sharedParams(h));
                router = Math.addExact(router, moe.routerParams(h));
            } else {
                mlp = Math.addExact(mlp, layer.ffn().params(h));
            }
            activeLayers = Math.addExact(activeLayers, attn + layerNorms + layer.ffn().activeParams(h));
        }
        norms = Math.addExact(norms, Params.norm(h, m.norm().tensorsPerNorm)); // final norm

        Map<String, Long> breakdown = new LinkedHashMap<>();
        breakdown.put(EMBEDDING, tokenEmbedding);
        breakdown.put(POSITION_EMBEDDING, positionEmbedding);
        breakdown.put(LM_HEAD, lmHead);
        breakdown.put(ATTENTION, attention);
        breakdown.put(MLP, mlp);
        breakdown.put(EXPERTS, experts);
        breakdown.put(SHARED_EXPERTS, shared);
        breakdown.put(ROUTER, router);
        breakdown.put(NORMS, norms);
        long total = breakdown.values().stream().reduce(0L, Math::addExact);

        long finalNorm = Params.norm(h, m.norm().tensorsPerNorm);
        long active = Math.addExact(activeLayers, tokenEmbedding + positionEmbedding + lmHead + finalNorm);
        // A tied matrix is the LM head too, so only an untied input table (and learned positions) drop out.
        long inputOnly = (m.tiedEmbeddings() ? 0 : tokenEmbedding) + positionEmbedding;
        return new ParameterCount(total, active, active - inputOnly, breakdown, mtpParams(m));
    }

    /** Unique MTP parameters: enorm, hnorm, eh_proj (2h x h), shared_head.norm and the module's decoder layer. */
    static long mtpParams(ModelSpec m) {
        if (m.mtp() == null) {
            return 0;
        }
        long h = m.hiddenSize();
        Layer layer = m.mtp().layer();
        long normH = Params.norm(h, m.norm().tensorsPerNorm);
        long perModule = 3 * normH + Params.linear(2 * h, h, false)
                + layer.attention().params(h, m.norm()) + normH * layer.hiddenNorms() + layer.ffn().params(h);
        return Math.multiplyExact(m.mtp().modules(), perModule);
    }
}
