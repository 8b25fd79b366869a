package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a text's statements read the thread CPU clock. */
class CpuHistoryTest {

    @Test
    void unknownAndLongStatementsAreAlwaysMeasured() {
        CpuHistory h = new CpuHistory();
        assertTrue(h.measureNext(), "no history yet");
        for (int i = 0; i < 100; i++) {
            h.ran(CpuHistory.SHORT_NANOS);
            assertTrue(h.measureNext(), "a statement at the threshold is measured");
        }
    }

    @Test
    void shortStatementsAreMeasuredOnceInSixteen() {
        CpuHistory h = new CpuHistory();
        int measured = 0;
        for (int i = 0; i < 16 * 10; i++) {
            if (h.measureNext()) {
                measured++;
            }
            h.ran(CpuHistory.SHORT_NANOS - 1);
        }
        assertEquals(10, measured, "the first, then one in sixteen");
    }

    @Test
    void aStatementTurningLongIsMeasuredFromItsNextExecution() {
        CpuHistory h = new CpuHistory();
        h.measureNext();
        h.ran(0);
        assertEquals(false, h.measureNext());
        h.ran(CpuHistory.SHORT_NANOS * 10);
        assertTrue(h.measureNext());
    }
}
