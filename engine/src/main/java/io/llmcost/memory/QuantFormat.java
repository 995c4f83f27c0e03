package io.llmcost.memory;

/**
 * Storage format of weights or KV-cache elements: {@code bits = valueBits + (scaleBits + zeroPointBits) / groupSize}
 * (formulas.md 2.6), one scale (and zero point) per group of {@code groupSize} elements.
 */
public record QuantFormat(String label, double valueBits, double scaleBits, double zeroPointBits, long groupSize) {

    public QuantFormat {
        if (valueBits <= 0 || scaleBits < 0 || zeroPointBits < 0 || groupSize <= 0) {
            throw new IllegalArgumentException(label + ": expected positive bits and group size");
        }
    }

    public double bitsPerElement() {
        return Quantization.bitsPerElement(valueBits, scaleBits, zeroPointBits, groupSize);
    }

    public double bytesPerElement() {
        return bitsPerElement() / 8;
    }

    public QuantFormat withGroup(double scaleBits, double zeroPointBits, long groupSize) {
        return new QuantFormat(label, valueBits, scaleBits, zeroPointBits, groupSize);
    }
}
