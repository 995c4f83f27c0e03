package io.llmcost.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A headline figure stands for the interval its last printed digit rounds from. */
class HeadlineTest {

    @Test
    void suffixedFiguresCoverHalfAUnitOfTheirLastDigit() {
        Headline b = Headline.parse("32.8B"); // 32.75e9 .. 32.85e9
        assertTrue(b.covers(32_762_123_264L));
        assertTrue(b.covers(32_750_000_000L));
        assertFalse(b.covers(32_749_999_999L));
        assertFalse(b.covers(32_850_000_001L));
        Headline t = Headline.parse("1T"); // 0.5e12 .. 1.5e12
        assertTrue(t.covers(1_026_408_232_448L));
        assertFalse(t.covers(1_500_000_000_001L));
        assertTrue(Headline.parse("0.49B").covers(494_032_768L)); // 0.485e9 .. 0.495e9
        assertFalse(Headline.parse("405B").covers(405_853_388_800L)); // 404.5e9 .. 405.5e9
    }

    @Test
    void integerFiguresAreExact() {
        Headline h = Headline.parse("8,030,261,248");
        assertTrue(h.covers(8_030_261_248L));
        assertFalse(h.covers(8_030_261_249L));
    }
}
