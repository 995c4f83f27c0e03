package io.llmcost.cli;

import io.llmcost.hardware.Gpu;
import io.llmcost.perf.Cluster;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/** {@code --gpus-per-node}, {@code --nvlink-gbps}, {@code --ib-gbps}: the cluster of train, plan and serve. */
public final class ClusterOptions {
    /** GPUs per node when --gpus-per-node is not given (DGX/HGX servers). */
    static final int DEFAULT_GPUS_PER_NODE = 8;
    /** Gb/s of a NIC to bytes/s; GB/s to bytes/s. */
    private static final double GBIT = 1e9 / 8, GBYTE = 1e9;

    @Option(names = "--gpus-per-node", paramLabel = "N", description = "GPUs per node joined by the scale-up "
            + "link (default: 8).")
    Integer gpusPerNode;

    @Option(names = "--nvlink-gbps", paramLabel = "GB/s", description = "Scale-up (NVLink) bandwidth per GPU in "
            + "GB/s, both directions as datasheets quote it (default: the GPU's, e.g. 900 for h100-sxm, 400 for h800).")
    Double nvlinkGbps;

    @Option(names = "--ib-gbps", paramLabel = "Gb/s", description = "Scale-out network per GPU in Gb/s, one NIC "
            + "per GPU (default: the GPU's reference server, e.g. 400 for h100-sxm, 200 for a100-80gb).")
    Double ibGbps;

    /** The cluster of {@code gpu} with these options; each default filled in is added to {@code assumptions}. */
    Cluster cluster(CommandLine.Model.CommandSpec spec, Gpu gpu, List<String> assumptions) {
        int perNode = gpusPerNode == null ? DEFAULT_GPUS_PER_NODE : gpusPerNode;
        Options.requirePositive(spec, "--gpus-per-node", perNode);
        if (gpusPerNode == null) {
            assumptions.add("--gpus-per-node " + DEFAULT_GPUS_PER_NODE + " (not given)");
        }
        double intra = gpu.intraNodeBytesPerSecond(), inter = gpu.interNodeBytesPerSecond();
        if (nvlinkGbps != null) {
            intra = bytesPerSecond(spec, "--nvlink-gbps", nvlinkGbps, GBYTE / 2);
        } else {
            assumptions.add(String.format(Locale.ROOT, "scale-up link %.0f GB/s per GPU both directions (%s "
                    + "datasheet)", 2 * intra / GBYTE, gpu.name()));
        }
        if (ibGbps != null) {
            inter = bytesPerSecond(spec, "--ib-gbps", ibGbps, GBIT);
        } else {
            assumptions.add(String.format(Locale.ROOT, "scale-out network %.0f Gb/s per GPU (%s reference server)",
                    inter / GBIT, gpu.name()));
        }
        return Cluster.of(gpu.withLinks(intra, inter), perNode);
    }

    /** A positive bandwidth option in bytes/s ({@code unit} bytes/s per unit given), finite after the conversion. */
    private static double bytesPerSecond(CommandLine.Model.CommandSpec spec, String option, double given, double unit) {
        Options.requirePositive(spec, option, given);
        double bytes = given * unit;
        if (Double.isInfinite(bytes)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + "=" + given
                    + ": too large; expected a bandwidth below " + Double.MAX_VALUE / unit);
        }
        return bytes;
    }
}
