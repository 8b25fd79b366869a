package io.cairn.sql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.sql.SqlException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AstWalkerTest {

    @Test
    void countsParametersEverywhereIncludingSubqueriesJoinsAndLimits() throws SqlException {
        assertEquals(0, AstWalker.parameterCount(Parser.parse("SELECT 1")));
        assertEquals(7, AstWalker.parameterCount(Parser.parse(
                "SELECT ?, (SELECT ? FROM u) FROM t AS OF SCN ? JOIN w ON w.a = ? "
                        + "WHERE EXISTS (SELECT 1 WHERE ? > 0) GROUP BY a HAVING COUNT(*) > ? LIMIT ?")));
        assertEquals(3, AstWalker.parameterCount(Parser.parse("INSERT INTO t VALUES (?, ?), (?, 1)")));
        assertEquals(2, AstWalker.parameterCount(Parser.parse("UPDATE t SET a = ? WHERE b IN (SELECT c FROM d WHERE e = ?)")));
        assertEquals(1, AstWalker.parameterCount(Parser.parse("EXPLAIN DELETE FROM t WHERE a = ?")));
        assertEquals(2, AstWalker.parameterCount(Parser.parse("CALL p(?, ?)")));
    }

    @Test
    void visitsExpressionsInSourceOrderParentsFirst() throws SqlException {
        List<String> seen = new ArrayList<>();
        AstWalker.walk(Parser.parse("SELECT a + 1 FROM t WHERE b LIKE 'x%'"), e -> seen.add(SqlPrinter.print(e)));
        assertEquals(List.of("(a + 1)", "a", "1", "(b LIKE 'x%')", "b", "'x%'"), seen);
    }

    @Test
    void findsAggregatesOutsideSubqueriesOnly() throws SqlException {
        assertTrue(AstWalker.containsAggregate(Parser.parseExpression("1 + SUM(a)")));
        assertTrue(AstWalker.containsAggregate(Parser.parseExpression("CASE WHEN COUNT(*) > 1 THEN 1 END")));
        assertFalse(AstWalker.containsAggregate(Parser.parseExpression("a + (SELECT MAX(b) FROM t)")));
        assertFalse(AstWalker.containsAggregate(Parser.parseExpression("upper(a)")));
    }
}
