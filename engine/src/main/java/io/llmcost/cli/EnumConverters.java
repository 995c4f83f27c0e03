package io.llmcost.cli;

import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.memory.QuantFormat;
import io.llmcost.memory.Quantization;
import picocli.CommandLine.ITypeConverter;

/** picocli converters for option values with hyphens or shared labels; errors list what is accepted. */
final class EnumConverters {
    private EnumConverters() {}

    static final class PrecisionConverter implements ITypeConverter<Precision> {
        @Override public Precision convert(String s) { return Precision.fromLabel(s); }
    }

    static final class OptimizerConverter implements ITypeConverter<Optimizer> {
        @Override public Optimizer convert(String s) { return Optimizer.fromLabel(s); }
    }

    static final class WeightFormatConverter implements ITypeConverter<QuantFormat> {
        @Override public QuantFormat convert(String s) { return Quantization.weights(s); }
    }

    static final class KvFormatConverter implements ITypeConverter<QuantFormat> {
        @Override public QuantFormat convert(String s) { return Quantization.kv(s); }
    }
}
