package io.llmcost.hardware;

import io.llmcost.io.InputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuTest {

    @Test
    void memoryIsWhatTheDriverReportsNotDecimalGigabytes() {
        // nvidia-smi on an H100 SXM 80GB: 81559MiB total = 85,520,809,984 bytes, about 79.6 GiB (not 80e9).
        assertEquals(81_559L * 1024 * 1024, Gpu.find("h100-sxm").memoryBytes());
        assertEquals(79.65, Gpu.find("h100-sxm").memoryBytes() / (1L << 30), 0.01);
        assertEquals(81_920L * 1024 * 1024, Gpu.find("a100-80gb").memoryBytes());
    }

    @Test
    void linksAreOneDirectionPerGpu() {
        // H100 NVLink 4 "900 GB/s" is bidirectional: 450 GB/s each way; H800's 400 GB/s gives 200.
        assertEquals(450e9, Gpu.find("h100-sxm").intraNodeBytesPerSecond());
        assertEquals(200e9, Gpu.find("h800").intraNodeBytesPerSecond());
        // One 400 Gb/s NDR NIC per H100: 50 GB/s.
        assertEquals(50e9, Gpu.find("h100-sxm").interNodeBytesPerSecond());
        assertTrue(Gpu.find("h100-sxm").nvlink());
        assertFalse(Gpu.find("l40s").nvlink());
    }

    @Test
    void namesAreCaseInsensitiveWithAliasesAndSuggestions() {
        assertEquals("h100-sxm", Gpu.find("h100").name());
        assertEquals("h100-sxm", Gpu.find("H100_SXM").name());
        assertEquals("a100-80gb", Gpu.find("A100").name());
        InputException e = assertThrows(InputException.class, () -> Gpu.find("h10-sxm"));
        assertTrue(e.getMessage().contains("did you mean h100-sxm?"), e.getMessage());
        InputException far = assertThrows(InputException.class, () -> Gpu.find("tpu-v5"));
        assertFalse(far.getMessage().contains("did you mean"), far.getMessage());
    }
}
