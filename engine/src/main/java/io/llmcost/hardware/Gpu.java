package io.llmcost.hardware;

import io.llmcost.io.InputException;
import io.llmcost.io.NameLookup;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One accelerator and the links a server gives it: memory, memory bandwidth, DENSE tensor peak per dtype (never the
 * 2:4-sparse headline that datasheets print first; docs/formulas.md), and per-GPU link bandwidths.
 *
 * @param memoryBytes              usable device memory as the driver reports it (nvidia-smi / rocm-smi "total",
 *                                 binary MiB): an "80 GB" H100 holds 81,559 MiB, not 80e9 bytes
 * @param memoryBytesPerSecond     peak memory bandwidth
 * @param denseFlopsPerSecond      dense tensor-core peak per dtype; absent means no tensor-core support
 * @param intraNodeBytesPerSecond  scale-up link (NVLink / Infinity Fabric, or PCIe where a card has none) per GPU,
 *                                 ONE direction: half the datasheet's bidirectional figure
 * @param interNodeBytesPerSecond  scale-out network per GPU, one direction (one NIC per GPU in the reference server)
 * @param nvlink                   whether the scale-up link is a GPU fabric (false: PCIe only)
 */
public record Gpu(String name, double memoryBytes, double memoryBytesPerSecond,
                  Map<Dtype, Double> denseFlopsPerSecond, double intraNodeBytesPerSecond,
                  double interNodeBytesPerSecond, boolean nvlink) {

    private static final double MIB = 1L << 20;
    private static final double GB = 1e9;
    private static final double TFLOPS = 1e12;
    /** Gb/s of a NIC to bytes/s. */
    private static final double GBIT = 1e9 / 8;

    public double peakFlopsPerSecond(Dtype dtype) {
        Double peak = denseFlopsPerSecond.get(dtype);
        if (peak == null) {
            throw new InputException("--gpu " + name + ": has no " + dtype + " tensor cores; expected a GPU that "
                    + "supports " + dtype + " or another precision");
        }
        return peak;
    }

    /** This GPU with other link bandwidths (cluster overrides such as --nvlink-gbps). */
    public Gpu withLinks(double intraNodeBytesPerSecond, double interNodeBytesPerSecond) {
        return new Gpu(name, memoryBytes, memoryBytesPerSecond, denseFlopsPerSecond, intraNodeBytesPerSecond,
                interNodeBytesPerSecond, nvlink);
    }

    private record Links(double intraBidirectionalGbPerSecond, boolean nvlink, double nicGbitPerSecond) {
    }

    private static Links nvlink(double bidirectionalGbPerSecond, double nicGbitPerSecond) {
        return new Links(bidirectionalGbPerSecond, true, nicGbitPerSecond);
    }

    private static Links pcie(double bidirectionalGbPerSecond, double nicGbitPerSecond) {
        return new Links(bidirectionalGbPerSecond, false, nicGbitPerSecond);
    }

    private static Gpu gpu(String name, double memoryMib, double bandwidthGbPerSecond,
                           double tf32, double bf16, double fp16, double fp8, double int8, Links links) {
        Map<Dtype, Double> peaks = new EnumMap<>(Dtype.class);
        peaks.put(Dtype.TF32, tf32 * TFLOPS);
        peaks.put(Dtype.BF16, bf16 * TFLOPS);
        peaks.put(Dtype.FP16, fp16 * TFLOPS);
        if (fp8 > 0) {
            peaks.put(Dtype.FP8, fp8 * TFLOPS);
        }
        peaks.put(Dtype.INT8, int8 * TFLOPS);
        return new Gpu(name, memoryMib * MIB, bandwidthGbPerSecond * GB, Map.copyOf(peaks),
                links.intraBidirectionalGbPerSecond() * GB / 2, links.nicGbitPerSecond() * GBIT, links.nvlink());
    }

    /**
     * The catalog. Dense values are half of the datasheets' "with sparsity" figures. Columns: usable memory MiB
     * (driver-reported), bandwidth GB/s, then dense TF32, BF16, FP16, FP8 (0 = none), INT8 TFLOP/s, then the links:
     * scale-up bidirectional GB/s per GPU and the scale-out NIC in Gb/s per GPU of the vendor's reference server.
     */
    public static final List<Gpu> CATALOG = List.of(
            // NVIDIA A100 datasheet (SXM 40GB: HBM2 1,555 GB/s): TF32 156, BF16/FP16 312, INT8 624 dense; no FP8.
            // 40,960 MiB in nvidia-smi. NVLink 3: 600 GB/s; DGX A100: 8x 200 Gb/s HDR InfiniBand.
            gpu("a100-40gb", 40_960, 1555, 156, 312, 312, 0, 624, nvlink(600, 200)),
            // NVIDIA A100 80GB datasheet (SXM): HBM2e 2,039 GB/s; same tensor peaks as 40GB; 81,920 MiB in
            // nvidia-smi. Links as a100-40gb.
            gpu("a100-80gb", 81_920, 2039, 156, 312, 312, 0, 624, nvlink(600, 200)),
            // NVIDIA H100 datasheet, SXM5: sparse TF32 989 / BF16 1,979 / FP8 3,958 / INT8 3,958, HBM3 3.35 TB/s;
            // 81,559 MiB in nvidia-smi. NVLink 4: 900 GB/s; DGX H100: 8x 400 Gb/s NDR (ConnectX-7).
            gpu("h100-sxm", 81_559, 3350, 494.7, 989.4, 989.4, 1978.9, 1978.9, nvlink(900, 400)),
            // NVIDIA H100 datasheet, PCIe: sparse TF32 756 / BF16 1,513 / FP8 3,026 / INT8 3,026, HBM2e 2.0 TB/s;
            // 81,559 MiB. PCIe Gen5 x16: 128 GB/s bidirectional (the optional NVLink bridge pairs two cards only).
            gpu("h100-pcie", 81_559, 2000, 378, 756, 756, 1513, 1513, pcie(128, 400)),
            // NVIDIA H800 SXM datasheet: the H100 SXM die and tensor peaks, NVLink cut to 400 GB/s, HBM3 3.35 TB/s;
            // DeepSeek-V3 report section 3.1: 400 Gb/s InfiniBand per GPU.
            gpu("h800", 81_559, 3350, 494.7, 989.4, 989.4, 1978.9, 1978.9, nvlink(400, 400)),
            // NVIDIA H200 datasheet, SXM: H100 SXM tensor peaks ("1,979 TFLOPS" BF16 is the sparse figure),
            // 141 GB HBM3e at 4.8 TB/s (143,771 MiB in nvidia-smi); NVLink 900 GB/s; DGX H200: 8x 400 Gb/s.
            gpu("h200", 143_771, 4800, 494.7, 989.4, 989.4, 1978.9, 1978.9, nvlink(900, 400)),
            // NVIDIA HGX B200 spec table (1,000 W): sparse TF32 2.2 / BF16 4.5 / FP8 9 PF, INT8 9 POPS;
            // 180 GB HBM3e at 7.7 TB/s per GPU (183,359 MiB in nvidia-smi); NVLink 5: 1.8 TB/s; DGX B200: 8x 400 Gb/s.
            gpu("b200", 183_359, 7700, 1100, 2250, 2250, 4500, 4500, nvlink(1800, 400)),
            // AMD Instinct MI300X datasheet: dense TF32 653.7, BF16/FP16 1,307.4, FP8/INT8 2,614.9;
            // 192 GB HBM3 at 5.3 TB/s (rocm-smi: 205,822,885,888 B = 196,288 MiB); Infinity Fabric 896 GB/s
            // peer bandwidth per GPU; 400 Gb/s NIC per GPU in the reference platform.
            gpu("mi300x", 196_288, 5300, 653.7, 1307.4, 1307.4, 2614.9, 2614.9, nvlink(896, 400)),
            // NVIDIA L40S datasheet: TF32 183, BF16/FP16 362.05, FP8 733, INT8 733 dense; 48 GB GDDR6 864 GB/s
            // (46,068 MiB in nvidia-smi); no NVLink: PCIe Gen4 x16, 64 GB/s bidirectional; 200 Gb/s NIC assumed.
            gpu("l40s", 46_068, 864, 183, 362.05, 362.05, 733, 733, pcie(64, 200)),
            // NVIDIA Ada Lovelace architecture whitepaper, RTX 4090 with FP32 accumulate (as training uses):
            // TF32 82.6, BF16/FP16 165.2, FP8 330.3, INT8 660.6 dense; 24 GB GDDR6X at 1,008 GB/s (24,564 MiB in
            // nvidia-smi); PCIe Gen4 x16 only; 100 Gb/s NIC assumed.
            gpu("rtx-4090", 24_564, 1008, 82.6, 165.2, 165.2, 330.3, 660.6, pcie(64, 100)));

    /** Names people type for a catalog GPU. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("a100", "a100-80gb"), Map.entry("a100-80g", "a100-80gb"), Map.entry("a100-sxm", "a100-80gb"),
            Map.entry("a100-40g", "a100-40gb"),
            Map.entry("h100", "h100-sxm"), Map.entry("h100-sxm5", "h100-sxm"), Map.entry("h100-80gb", "h100-sxm"),
            Map.entry("h800-sxm", "h800"), Map.entry("h200-sxm", "h200"), Map.entry("b200-sxm", "b200"),
            Map.entry("4090", "rtx-4090"), Map.entry("rtx4090", "rtx-4090"), Map.entry("mi300", "mi300x"));

    public static List<String> names() {
        return CATALOG.stream().map(Gpu::name).toList();
    }

    /** The catalog GPU for a name, case-insensitive and through aliases ({@code h100} = {@code h100-sxm}). */
    public static Gpu find(String name) {
        return NameLookup.find("--gpu", "GPU", name, CATALOG, Gpu::name, ALIASES);
    }
}
