package io.llmcost.perf;

import io.llmcost.hardware.Gpu;

/**
 * The machines a job runs on: one GPU type, {@code gpusPerNode} of them per node joined by the scale-up link,
 * nodes joined by the scale-out network (one NIC per GPU, as in DGX/HGX servers).
 */
public record Cluster(Gpu gpu, int gpusPerNode, Link intraNode, Link interNode) {

    /**
     * Per-step latencies: NVLink about 1 us and InfiniBand about 5 us per ring step are the orders NCCL's tuning
     * model uses (its base latencies per protocol and hop); PCIe between cards is treated like the network.
     */
    public static final double NVLINK_LATENCY_SECONDS = 1e-6;
    public static final double NETWORK_LATENCY_SECONDS = 5e-6;

    public Cluster {
        if (gpusPerNode < 1) {
            throw new IllegalArgumentException("gpus per node must be >= 1");
        }
    }

    /** The catalog's links for {@code gpu}, {@code gpusPerNode} to a node. */
    public static Cluster of(Gpu gpu, int gpusPerNode) {
        double intraLatency = gpu.nvlink() ? NVLINK_LATENCY_SECONDS : NETWORK_LATENCY_SECONDS;
        return new Cluster(gpu, gpusPerNode, new Link(gpu.intraNodeBytesPerSecond(), intraLatency),
                new Link(gpu.interNodeBytesPerSecond(), NETWORK_LATENCY_SECONDS));
    }

    /**
     * The link a group of {@code size} ranks talks over when consecutive members are {@code stride} GPUs apart
     * (Megatron orders ranks tp fastest, then cp, ep/dp, pp): inside one node when the group spans at most one
     * node's GPUs, else the network, which then bounds a ring (every ring crosses a node boundary).
     */
    public Link linkFor(int size, long stride) {
        return (long) size * stride <= gpusPerNode ? intraNode : interNode;
    }
}
