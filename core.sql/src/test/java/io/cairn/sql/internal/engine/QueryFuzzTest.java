package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;

/**
 * Random queries over two small tables must either run or fail with a SQL error that is not an
 * internal one (XX000). Fixed seed; -Dcairn.test.long=true runs more.
 */
class QueryFuzzTest {

    private static final String[] COLS = {"a", "b", "s", "x.a", "y.a", "y.t", "1", "NULL", "'q'", "2.5"};
    private static final String[] OPS = {"=", "<>", "<", ">=", "+", "-", "*", "/", "||", "AND", "OR"};
    private static final String[] AGGS = {"count(*)", "sum(a)", "avg(b)", "min(s)", "max(a)", "count(DISTINCT b)"};

    private Random random;

    @Test
    void randomQueriesFailOnlyWithSqlErrors() throws Exception {
        random = new Random(7);
        int rounds = Boolean.getBoolean("cairn.test.long") ? 20_000 : 600;
        try (DatabaseEngine db = new DatabaseEngine()) {
            db.execute("CREATE TABLE x (a INT PRIMARY KEY, b INT, s VARCHAR(5))");
            db.execute("CREATE TABLE y (a INT, t TEXT)");
            db.execute("CREATE INDEX x_b ON x (b, s)");
            db.execute("INSERT INTO x VALUES (1, 1, 'a'), (2, NULL, 'b'), (3, 3, NULL), (4, 1, 'a')");
            db.execute("INSERT INTO y VALUES (1, 'p'), (1, NULL), (NULL, 'r'), (5, 's')");
            for (int i = 0; i < rounds; i++) {
                String sql = query(0);
                try {
                    db.query(sql);
                } catch (SqlException e) {
                    if (e.getSQLState() == null || e.getSQLState().startsWith("XX")) {
                        fail(sql + "\n" + e.getSQLState() + " " + e.getMessage(), e);
                    }
                } catch (RuntimeException e) {
                    fail(sql, e);
                }
            }
        }
    }

    private String pick(String[] a) {
        return a[random.nextInt(a.length)];
    }

    private String expr(int depth) {
        int r = random.nextInt(depth > 2 ? 2 : 8);
        switch (r) {
            case 0:
            case 1:
                return pick(COLS);
            case 2:
                return "(" + expr(depth + 1) + " " + pick(OPS) + " " + expr(depth + 1) + ")";
            case 3:
                return expr(depth + 1) + " IS NULL";
            case 4:
                return expr(depth + 1) + " IN (" + expr(depth + 1) + ", " + expr(depth + 1) + ")";
            case 5:
                return "(SELECT " + pick(new String[] {"max(a)", "a", "count(*)"}) + " FROM x WHERE " + expr(depth + 1) + ")";
            case 6:
                return "EXISTS (SELECT 1 FROM y WHERE y.a = " + pick(COLS) + ")";
            default:
                return "CASE WHEN " + expr(depth + 1) + " THEN " + expr(depth + 1) + " ELSE " + expr(depth + 1) + " END";
        }
    }

    private String query(int depth) {
        StringBuilder sb = new StringBuilder("SELECT ");
        boolean agg = random.nextInt(3) == 0;
        if (random.nextInt(5) == 0) {
            sb.append("DISTINCT ");
        }
        int items = 1 + random.nextInt(3);
        for (int i = 0; i < items; i++) {
            sb.append(i == 0 ? "" : ", ").append(agg && random.nextBoolean() ? pick(AGGS) : expr(depth));
        }
        switch (random.nextInt(5)) {
            case 0:
                sb.append(" FROM x");
                break;
            case 1:
                sb.append(" FROM x JOIN y ON x.a = y.a");
                break;
            case 2:
                sb.append(" FROM x LEFT JOIN y ON ").append(expr(depth + 1));
                break;
            case 3:
                sb.append(" FROM x, y");
                break;
            default:
                sb.append(" FROM (SELECT a, b, s FROM x) AS x");
        }
        if (random.nextBoolean()) {
            sb.append(" WHERE ").append(expr(depth));
        }
        if (agg && random.nextBoolean()) {
            sb.append(" GROUP BY ").append(pick(new String[] {"a", "b", "s", "1"}));
            if (random.nextBoolean()) {
                sb.append(" HAVING ").append(pick(AGGS)).append(" > 1");
            }
        }
        if (depth == 0 && random.nextInt(4) == 0) {
            sb.append(" UNION ").append(random.nextBoolean() ? "ALL " : "").append(query(depth + 1));
        }
        if (random.nextInt(3) == 0) {
            sb.append(" ORDER BY ").append(1 + random.nextInt(2)).append(random.nextBoolean() ? " DESC" : "");
        }
        if (random.nextInt(4) == 0) {
            sb.append(" LIMIT ").append(random.nextInt(3));
        }
        return sb.toString();
    }
}
