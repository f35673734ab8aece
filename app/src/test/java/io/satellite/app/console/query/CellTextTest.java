package io.satellite.app.console.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CellTextTest {
    @Test
    void numbersReadLikeAGridShowsThem() throws Exception {
        assertEquals("4", CellText.of(4.0));
        assertEquals("12.5", CellText.of(12.5));
        assertEquals("12345678.5", CellText.of(12345678.5));
        assertEquals("0.001", CellText.of(0.001));
        assertEquals("0", CellText.of(-0.0));
        assertEquals("1.0E-7", CellText.of(1e-7));
        assertEquals("1.0E20", CellText.of(1e20));
        assertEquals("NaN", CellText.of(Double.NaN));
        assertEquals("0.1", CellText.of(0.1f));
        assertEquals("100.50", CellText.of(new BigDecimal("100.50")));
        assertEquals("42", CellText.of(42));
    }

    @Test
    void nullStaysNullAndBinaryIsHex() throws Exception {
        assertNull(CellText.of(null));
        assertEquals("0x00FF10", CellText.of(new byte[] {0, -1, 16}));
    }

    @Test
    void longTextIsCut() throws Exception {
        String s = CellText.of("x".repeat(CellText.MAX_CHARS + 10));
        assertEquals(CellText.MAX_CHARS + 1, s.length());
        assertEquals('…', s.charAt(s.length() - 1));
    }
}
