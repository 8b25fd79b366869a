package io.cairn.sql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import io.cairn.sql.instrument.StatementDigest;

/** Statement digests: one query shape, one digest. */
class DigestsTest {

    private static StatementDigest d(String sql) {
        return Digests.of(sql);
    }

    @Test
    void literalsOfEveryKindBecomeOneMark() {
        StatementDigest a = d("SELECT name FROM emp WHERE id = 42 AND name = 'bob' AND b = X'0a' AND x > 1.5e3");
        assertEquals("select name from emp where id = ? and name = ? and b = ? and x > ?", a.text());
        assertEquals(a, d("select NAME from EMP where ID = 7 and NAME = 'o''neil' and B = x'ff' and X > 0.1"));
        assertEquals(a, d("SELECT name FROM emp WHERE id = ? AND name = ? AND b = ? AND x > ?"));
    }

    @Test
    void inListsOfAnyLengthShareADigest() {
        StatementDigest three = d("SELECT * FROM t WHERE id IN (1, 2, 3)");
        assertEquals(three, d("SELECT * FROM t WHERE id IN (4,5)"));
        assertEquals(three, d("SELECT * FROM t WHERE id IN (?)"));
        assertEquals("select * from t where id in (?)", three.text());
        // a subquery is not a list of constants
        assertNotEquals(three, d("SELECT * FROM t WHERE id IN (SELECT id FROM u)"));
    }

    @Test
    void whitespaceCommentsCaseAndSignsDoNotMatter() {
        StatementDigest a = d("select a from t where b = -5 limit 10");
        assertEquals(a, d("SELECT  a\n  FROM t -- the table\n WHERE b = /* neg */ 6 LIMIT 3;"));
        assertEquals(a.id(), d("Select A From T Where B = +5 Limit 1").id());
        // subtraction stays an operator
        assertNotEquals(d("select a - 5 from t").text(), d("select a from t").text());
        assertEquals("select a - ? from t", d("select a - 5 from t").text());
    }

    @Test
    void multiRowValuesOfOneShapeAreOneStatement() {
        StatementDigest one = d("INSERT INTO t VALUES (1, 'a')");
        assertEquals(one, d("INSERT INTO t VALUES (2, 'b'), (3, 'c'), (4, 'd')"));
        assertNotEquals(one, d("INSERT INTO t VALUES (1, 'a', 3)"));
    }

    @Test
    void differentShapesHaveDifferentDigestsAndQuotedNamesKeepTheirCase() {
        assertNotEquals(d("SELECT a FROM t").id(), d("SELECT b FROM t").id());
        assertNotEquals(d("SELECT a FROM \"T\"").id(), d("SELECT a FROM t").id());
        assertEquals(16, d("SELECT 1").hexId().length());
        // stable across runs: the hash depends on the text only
        assertEquals(Digests.hash("select ?"), d("SELECT 1").id());
    }
}
