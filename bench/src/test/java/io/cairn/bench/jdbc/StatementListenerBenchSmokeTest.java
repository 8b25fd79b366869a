package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** StatementListenerBench outside JMH: each mode answers point selects and cleans up after itself. */
class StatementListenerBenchSmokeTest {

    @Test
    void everyListenerModeAnswersPointSelects() throws Exception {
        for (String mode : new String[] {"none", "trivial", "trivial_cpu"}) {
            StatementListenerBench bench = new StatementListenerBench();
            bench.listener = mode;
            bench.rows = 200;
            bench.setUp();
            try {
                for (int i = 0; i < 50; i++) {
                    assertTrue(bench.pointSelect().startsWith("row "), mode);
                }
            } finally {
                bench.tearDown();
            }
        }
    }

    @Test
    void anUnknownModeIsRefused() {
        StatementListenerBench bench = new StatementListenerBench();
        bench.listener = "chatty";
        bench.rows = 10;
        assertThrows(IllegalArgumentException.class, bench::setUp);
    }
}
