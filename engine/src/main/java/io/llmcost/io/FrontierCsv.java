package io.llmcost.io;

import io.llmcost.sweep.Row;
import io.llmcost.sweep.Shape;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The sweep's CSV columns (a contract: scripts outside the project read them). Exact counts are written as
 * integers; doubles with {@link Double#toString}, the shortest decimal that reads back to the same double.
 */
public final class FrontierCsv implements AutoCloseable {

    public static final List<String> HEADER = List.of("index", "hidden", "layers", "heads", "kv_heads", "head_dim",
            "ffn", "experts", "top_k", "shared_experts", "expert_ffn", "first_dense_layers", "seq_len", "vocab",
            "tied", "params_total", "params_active", "flops_forward_per_token", "flops_training", "tokens", "loss",
            "memory_training_bytes", "kv_cache_bytes_per_token", "flops_lifetime", "extrapolated");

    private final CSVPrinter printer;

    public FrontierCsv(Writer out) throws IOException {
        printer = CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(new String[0])).setRecordSeparator('\n')
                .get().print(out);
    }

    public void write(Row r) {
        Shape s = r.shape();
        try {
            printer.printRecord(r.index(), s.hidden(), s.layers(), s.heads(), s.kvHeads(), s.headDim(), s.ffn(),
                    s.experts(), s.topK(), s.sharedExperts(), s.expertFfn(), s.firstDenseLayers(), s.seqLen(),
                    s.vocab(), s.tied(), r.paramsTotal(), r.paramsActive(),
                    Double.toString(r.flopsForwardPerToken()), Double.toString(r.flopsTraining()),
                    Double.toString(r.tokens()), Double.toString(r.loss()), Double.toString(r.memoryTrainingBytes()),
                    Double.toString(r.kvCacheBytesPerToken()), Double.toString(r.flopsLifetime()),
                    r.extrapolated() ? 1 : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
