package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ScanStatementCost end to end at a tiny size: both statements run and report their read system calls. */
class ScanStatementCostSmokeTest {

    @TempDir
    Path dir;

    @Test
    void runsBothStatements() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            ScanStatementCost.main(new String[] {"--rows", "2000", "--rounds", "1", "--dir", dir.toString()});
        } finally {
            System.setOut(old);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("| 1 | W5 CREATE INDEX |"), out);
        assertTrue(out.contains("| 1 | W6 GROUP BY |"), out);
    }
}
