package io.cairn.sql.internal.engine;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import io.cairn.sql.internal.sqltest.SqlTestRunner;

/**
 * Runs the SQL test files against the executor over a real temporary database: the expression
 * files in sql/ and the table, query, index and transaction files in sql/exec/.
 */
class SqlEngineFileTest {

    /**
     * Records of sql/ that state the expression-only engine's limits (aggregates and subqueries
     * without FROM are errors there, but real queries here).
     */
    private static final List<String> EXPRESSION_ENGINE_ONLY = List.of(
            "SELECT COUNT(*)", "SELECT SUM(1)", "SELECT (SELECT 1)", "SELECT EXISTS (SELECT 1)");

    @TestFactory
    Stream<DynamicNode> expressionFilesThroughTheExecutor() throws Exception {
        return SqlTestRunner.run("sql", DatabaseEngine::new).map(SqlEngineFileTest::withoutExpressionEngineLimits);
    }

    @TestFactory
    Stream<DynamicNode> executorFiles() throws Exception {
        return SqlTestRunner.run("sql/exec", DatabaseEngine::new);
    }

    private static DynamicNode withoutExpressionEngineLimits(DynamicNode node) {
        if (!(node instanceof DynamicContainer c)) {
            return node;
        }
        return DynamicContainer.dynamicContainer(c.getDisplayName(), c.getTestSourceUri().orElse(null),
                c.getChildren().filter(t -> !t.getDisplayName().startsWith("predicates.test:")
                        || EXPRESSION_ENGINE_ONLY.stream().noneMatch(sql -> t.getDisplayName().endsWith("  " + sql)))
                        .map(x -> (DynamicNode) x));
    }
}
