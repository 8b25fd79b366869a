package io.cairn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/** Runs the TPC-B-like workload for a moment so CI proves it still works; checks its invariant. */
class TpcbBenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void concurrentTransfersCommitAndKeepEveryTableBalanced() throws Exception {
        try (TransactionManager tm = TransactionManager.open(dir,
                StorageOptions.defaults().withBufferPoolBytes(8L << 20), TransactionOptions.defaults())) {
            TpcbBench bench = new TpcbBench(tm, 2_000);
            bench.load();
            TpcbBench.Result result = bench.run(4, 0.5);
            assertTrue(result.transactions() > 0, result.toString());
            long history = bench.total("history");
            assertEquals(history, bench.total("account"));
            assertEquals(history, bench.total("teller"));
            assertEquals(history, bench.total("branch"));
        }
    }
}
