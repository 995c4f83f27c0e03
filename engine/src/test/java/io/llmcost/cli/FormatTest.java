package io.llmcost.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Durations print in the largest readable unit. */
class FormatTest {

    @Test
    void durationsInSensibleUnits() {
        assertEquals("0.020 s", Format.duration(0.02));
        assertEquals("59.000 s", Format.duration(59));
        assertEquals("12.5 min", Format.duration(750));          // 750 / 60
        assertEquals("7.3 h", Format.duration(7.3 * 3600));
        assertEquals("72.7 days", Format.duration(6_282_757));    // 6,282,757 / 86,400 = 72.72
        assertEquals("1,157.4 days", Format.duration(1e8));       // 1e8 / 86,400 = 1157.41
        assertEquals("1.16e+07 days", Format.duration(1e12));     // 1e12 / 86,400 = 11,574,074
    }
}
