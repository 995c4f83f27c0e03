package io.llmcost.sweep;

import io.llmcost.io.SweepFile;

import java.nio.charset.StandardCharsets;

/** Small sweep specs that exercise every branch of the kernel: dense and MoE, every axis spelling, layouts. */
final class Fixtures {
    private Fixtures() {}

    static Grid grid(String yaml) {
        return new Grid(SweepFile.parse("test.yaml", "test", yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Dense; head_dim, kv_ratio, ffn_mult; tokens axis; tied; TP x PP with ZeRO-1, selective recompute, flash. */
    static final String DENSE = """
            tied_embeddings: true
            axes:
              hidden: {from: 256, to: 2048, step: 128}
              layers: {from: 2, to: 24, step: 3}
              head_dim: [32, 64, 96, 128]
              kv_ratio: [1, 2, 3, 4]
              ffn_mult: [2.6666666666666665, 3.5]
              seq_len: [1024, 4096]
              vocab: [32000, 50257]
              tokens: {from: 1e9, to: 1e11, factor: 10}
            constraints:
              aspect_ratio: {min: 20, max: 400}
            training: {tp: 2, pp: 2, dp: 4, zero: 1, recompute: selective, flash_attention: true, micro_batch: 2}
            objectives: [loss, flops_training, memory_training_bytes]
            """;

    /**
     * Dense and MoE in one grid; heads, kv_heads, ffn; budget axis; untied; joint MoE law; PP=3, EP=2, ZeRO-3,
     * no recompute with dropout (score tensors), and first dense layers.
     */
    static final String MOE = """
            axes:
              budget_flops: [1e19, 3e20]
              hidden: [256, 384, 512, 768]
              layers: [2, 4, 7]
              heads: [4, 6, 8]
              kv_heads: [1, 2, 4]
              ffn: [512, 1376]
              experts: [1, 4, 8, 16]
              top_k: [1, 2, 4]
              shared_experts: [0, 1, 2]
              expert_ffn: [128, 512]
              first_dense_layers: [0, 1, 3]
              seq_len: [512, 2048]
              vocab: 32768
            training: {pp: 3, dp: 8, ep: 2, zero: 3, dropout: true, precision: fp32, optimizer: adamw-8bit}
            kv_cache_bytes_per_element: 1
            objectives: [loss, flops_forward_per_token, params_total, kv_cache_bytes_per_token]
            """;

    /**
     * Data-constrained law over 1 to 500 epochs of 20B unique tokens, the flops_lifetime objective, and points
     * outside the law's fitted range dropped (within_law_range).
     */
    static final String DATA_CONSTRAINED = """
            law: data-constrained
            unique_tokens: 2e10
            inference_tokens: 1e12
            axes:
              tokens: {from: 1e9, to: 1e13, factor: 10}
              hidden: {from: 256, to: 4096, step: 256}
              layers: [2, 4, 8, 16, 32]
              kv_ratio: [1, 4]
              vocab: [32000, 128256]
            constraints:
              within_law_range: true
            objectives: [loss, flops_lifetime, params_total]
            """;

    /** Hoffmann law on total params, full recompute with sequence parallelism, default head_dim and ffn. */
    static final String HOFFMANN = """
            law: hoffmann
            axes:
              layers: [1, 4, 8, 33]
              hidden: {from: 512, to: 4096, factor: 2}
              kv_ratio: [1, 2, 4, 8]
              seq_len: [8192, 32768]
              budget_flops: 1e22
            training: {tp: 4, sp: true, recompute: full, pp: 4, gradient_bytes: 4}
            constraints:
              max_memory_per_gpu: 3GiB
            objectives: [params_active, loss]
            """;
}
