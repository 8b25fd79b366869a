package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs StatementCpu with tiny sizes: it checks every answer itself and must leave no files behind. */
class StatementCpuSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void runsLookupsAndScansAndCleansUp() throws Exception {
        StatementCpu.main(new String[] {"--rows", "500", "--lookups", "200", "--scans", "20", "--rounds", "2",
            "--dir", tmp.toString()});
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "the database directory is deleted");
        }
    }
}
