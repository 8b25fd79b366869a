package io.cairn.sql.internal.sqltest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Runs every file in src/test/resources/sql against the expression engine. */
class SqlFileTest {

    @TestFactory
    Stream<DynamicNode> expressionFiles() throws Exception {
        return SqlTestRunner.run("sql", ExpressionEngine::new);
    }
}
