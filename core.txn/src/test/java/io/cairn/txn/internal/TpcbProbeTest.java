package io.cairn.txn.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prints the TPC-B-like probe's figures in long runs (-Dcairn.test.long=true); asserts nothing. */
class TpcbProbeTest {

    @TempDir
    Path dir;

    @Test
    void printsThroughputAndCommitLatencyBesideTheFsyncFloor() throws Exception {
        assumeTrue(TxnTesting.LONG, "long runs only");
        System.out.println(TpcbProbe.run(dir, 5));
    }
}
