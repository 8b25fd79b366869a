package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overhead bench end to end at a tiny size: every lookup checked, every mode reported. */
class InstrumentationOverheadSmokeTest {

    @TempDir
    Path dir;

    @Test
    void runsEveryModeAndChecksItsLookups() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            InstrumentationOverhead.main(new String[] {"--rows", "500", "--lookups", "200", "--rounds", "2",
                    "--dir", dir.toString()});
        } finally {
            System.setOut(old);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        for (String mode : new String[] {"| none |", "| trivial |", "| trivial_cpu |", "| by_digest |"}) {
            assertTrue(out.contains(mode), out);
        }
        assertTrue(out.contains("listener failures: 0; digests seen by the v$sql-like listener: 1"), out);
    }
}
