package io.llmcost.hardware;

/** Tensor-core input dtypes with a published peak throughput. */
public enum Dtype {
    TF32, BF16, FP16, FP8, INT8
}
