package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs BulkLoadCpu with tiny sizes: it checks the loaded rows itself and must leave no files behind. */
class BulkLoadCpuSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void loadsChecksAndCleansUp() throws Exception {
        BulkLoadCpu.main(new String[] {"--rows", "2500", "--rounds", "2", "--dir", tmp.toString()});
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "the database directories are deleted");
        }
    }

    @Test
    void loadsWithAListenerAndAControllerWhichSeeEveryRow() throws Exception {
        // each round checks that the listener saw one INSERT per row
        BulkLoadCpu.main(new String[] {"--rows", "2500", "--rounds", "1", "--dir", tmp.toString(), "--listener",
            "counting", "--controller"});
        BulkLoadCpu.main(new String[] {"--rows", "2500", "--rounds", "1", "--dir", tmp.toString(), "--listener",
            "monitoring"});
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "the database directories are deleted");
        }
    }
}
