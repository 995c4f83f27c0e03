package io.llmcost.perf;

/**
 * What one GPU gets from a link while a collective runs on it: bandwidth in one direction and the latency of one
 * step of a ring (alpha in the alpha-beta model of Hockney 1994; beta = 1 / bandwidth).
 */
public record Link(double bytesPerSecond, double latencySeconds) {
    public Link {
        if (!(bytesPerSecond > 0) || Double.isInfinite(bytesPerSecond) || !(latencySeconds >= 0)
                || Double.isInfinite(latencySeconds)) {
            throw new IllegalArgumentException("link bandwidth must be finite and positive, latency finite and >= 0");
        }
    }

    /** Seconds to move {@code bytes} in {@code steps} latency-bound steps over this link. */
    double seconds(double bytes, long steps) {
        return bytes / bytesPerSecond + steps * latencySeconds;
    }
}
