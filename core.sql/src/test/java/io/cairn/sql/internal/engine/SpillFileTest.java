package io.cairn.sql.internal.engine;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import io.cairn.sql.internal.sqltest.SqlTestRunner;

/**
 * Every executor test file again, with a memory bound of one row, so that every sort, hash
 * aggregation, DISTINCT, join input, IN subquery and DML row set with more than one row spills to
 * disk: the same rows must come back (compared in sorted order, since a spilled hash join or
 * aggregation returns them in another order) and the same errors.
 */
class SpillFileTest {

    static final long BOUND = 1;

    /** ANALYZE samples at most the memory bound's rows, so its figures depend on the bound. */
    static final List<String> SAMPLED = List.of("v$column_statistics", "v$histogram", "max_memory_rows");

    @TestFactory
    Stream<DynamicNode> executorFilesWithATinyMemoryBound() throws Exception {
        return SqlTestRunner.run("sql/exec", () -> {
            DatabaseEngine db = new DatabaseEngine();
            db.engine.useTempArea(db.dir);
            db.engine.setMemoryBound(BOUND);
            return db;
        }, true).map(SpillFileTest::withoutSampledStatistics);
    }

    private static DynamicNode withoutSampledStatistics(DynamicNode node) {
        if (!(node instanceof DynamicContainer c)) {
            return node;
        }
        return DynamicContainer.dynamicContainer(c.getDisplayName(), c.getTestSourceUri().orElse(null),
                c.getChildren().filter(t -> SAMPLED.stream().noneMatch(t.getDisplayName()::contains)).map(x -> (DynamicNode) x));
    }
}
