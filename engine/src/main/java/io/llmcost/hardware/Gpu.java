package io.llmcost.hardware;

import io.llmcost.io.InputException;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One accelerator: memory, memory bandwidth and DENSE tensor peak per dtype (never the 2:4-sparse headline that
 * datasheets print first; formulas.md section 5).
 *
 * @param memoryBytes             HBM/GDDR capacity, decimal bytes as the vendor states it
 * @param memoryBytesPerSecond    peak memory bandwidth
 * @param denseFlopsPerSecond     dense tensor-core peak per dtype; absent means no tensor-core support
 */
public record Gpu(String name, double memoryBytes, double memoryBytesPerSecond,
                  Map<Dtype, Double> denseFlopsPerSecond) {

    private static final double GB = 1e9;
    private static final double TFLOPS = 1e12;

    public double peakFlopsPerSecond(Dtype dtype) {
        Double peak = denseFlopsPerSecond.get(dtype);
        if (peak == null) {
            throw new InputException("--gpu " + name + ": has no " + dtype + " tensor cores; expected a GPU that "
                    + "supports " + dtype + " or another precision");
        }
        return peak;
    }

    private static Gpu gpu(String name, double memoryGb, double bandwidthGbPerSecond,
                           double tf32, double bf16, double fp16, double fp8, double int8) {
        Map<Dtype, Double> peaks = new EnumMap<>(Dtype.class);
        peaks.put(Dtype.TF32, tf32 * TFLOPS);
        peaks.put(Dtype.BF16, bf16 * TFLOPS);
        peaks.put(Dtype.FP16, fp16 * TFLOPS);
        if (fp8 > 0) {
            peaks.put(Dtype.FP8, fp8 * TFLOPS);
        }
        peaks.put(Dtype.INT8, int8 * TFLOPS);
        return new Gpu(name, memoryGb * GB, bandwidthGbPerSecond * GB, Map.copyOf(peaks));
    }

    /**
     * The catalog. Dense values are half of the datasheets' "with sparsity" figures. Columns: memory GB,
     * bandwidth GB/s, then dense TF32, BF16, FP16, FP8 (0 = none), INT8 TFLOP/s.
     */
    public static final List<Gpu> CATALOG = List.of(
            // NVIDIA A100 datasheet (SXM 40GB: HBM2 1,555 GB/s): TF32 156, BF16/FP16 312, INT8 624 dense; no FP8.
            gpu("a100-40gb", 40, 1555, 156, 312, 312, 0, 624),
            // NVIDIA A100 80GB datasheet (SXM): HBM2e 2,039 GB/s; same tensor peaks as 40GB.
            gpu("a100-80gb", 80, 2039, 156, 312, 312, 0, 624),
            // NVIDIA H100 datasheet, SXM5: sparse TF32 989 / BF16 1,979 / FP8 3,958 / INT8 3,958, HBM3 3.35 TB/s.
            gpu("h100-sxm", 80, 3350, 494.7, 989.4, 989.4, 1978.9, 1978.9),
            // NVIDIA H100 datasheet, PCIe: sparse TF32 756 / BF16 1,513 / FP8 3,026 / INT8 3,026, HBM2e 2.0 TB/s.
            gpu("h100-pcie", 80, 2000, 378, 756, 756, 1513, 1513),
            // NVIDIA H800 SXM datasheet: the H100 SXM die and tensor peaks, NVLink cut to 400 GB/s, HBM3 3.35 TB/s.
            gpu("h800", 80, 3350, 494.7, 989.4, 989.4, 1978.9, 1978.9),
            // NVIDIA H200 datasheet, SXM: H100 SXM tensor peaks ("1,979 TFLOPS" BF16 is the sparse figure),
            // 141 GB HBM3e at 4.8 TB/s.
            gpu("h200", 141, 4800, 494.7, 989.4, 989.4, 1978.9, 1978.9),
            // NVIDIA HGX B200 spec table (1,000 W): sparse TF32 2.2 / BF16 4.5 / FP8 9 PF, INT8 9 POPS;
            // 180 GB HBM3e at 7.7 TB/s per GPU.
            gpu("b200", 180, 7700, 1100, 2250, 2250, 4500, 4500),
            // AMD Instinct MI300X datasheet: dense TF32 653.7, BF16/FP16 1,307.4, FP8/INT8 2,614.9;
            // 192 GB HBM3 at 5.3 TB/s.
            gpu("mi300x", 192, 5300, 653.7, 1307.4, 1307.4, 2614.9, 2614.9),
            // NVIDIA L40S datasheet: TF32 183, BF16/FP16 362.05, FP8 733, INT8 733 dense; 48 GB GDDR6 864 GB/s.
            gpu("l40s", 48, 864, 183, 362.05, 362.05, 733, 733),
            // NVIDIA Ada Lovelace architecture whitepaper, RTX 4090 with FP32 accumulate (as training uses):
            // TF32 82.6, BF16/FP16 165.2, FP8 330.3, INT8 660.6 dense; 24 GB GDDR6X at 1,008 GB/s.
            gpu("rtx-4090", 24, 1008, 82.6, 165.2, 165.2, 330.3, 660.6));

    public static List<String> names() {
        return CATALOG.stream().map(Gpu::name).toList();
    }

    public static Gpu find(String name) {
        return CATALOG.stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                new InputException("--gpu " + name + ": unknown GPU; expected one of " + String.join(", ", names())));
    }
}
