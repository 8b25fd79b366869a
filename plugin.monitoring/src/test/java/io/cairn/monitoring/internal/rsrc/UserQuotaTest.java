package io.cairn.monitoring.internal.rsrc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UserQuotaTest {

    private static final long MINUTE = 60_000_000_000L;

    @Test
    void countsASlidingHourToTheMinute() {
        UserQuota q = new UserQuota();
        long t0 = 1_000 * MINUTE;
        assertTrue(q.tryCount(t0, 3));
        assertTrue(q.tryCount(t0 + 10 * MINUTE, 3));
        assertTrue(q.tryCount(t0 + 30 * MINUTE, 3));
        assertFalse(q.tryCount(t0 + 59 * MINUTE, 3), "three in the last hour");
        assertEquals(3, q.statementsLastHour(t0 + 59 * MINUTE));
        assertTrue(q.tryCount(t0 + 60 * MINUTE, 3), "the first has left the hour");
        assertFalse(q.tryCount(t0 + 60 * MINUTE, 3));
        assertEquals(2, q.statementsLastHour(t0 + 85 * MINUTE)); // the ones at +30 and +60
        assertEquals(0, q.statementsLastHour(t0 + 200 * MINUTE));
        assertTrue(q.tryCount(t0 + 200 * MINUTE, 0), "0 = no limit");
    }
}
