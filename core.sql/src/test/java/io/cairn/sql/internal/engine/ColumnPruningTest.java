package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A query's table scans decode only the columns it names (the rest read NULL inside the
 * executor): every place a column can be named must still see its value.
 */
class ColumnPruningTest {

    private DatabaseEngine db;

    @BeforeEach
    void open() throws Exception {
        db = new DatabaseEngine();
        db.execute("CREATE TABLE w (id INT PRIMARY KEY, a INT, b VARCHAR(20), c BIGINT, d DOUBLE, e VARCHAR(20))");
        db.execute("INSERT INTO w VALUES (1, 10, 'x', 100, 1.5, 'p'), (2, 20, 'y', 200, 2.5, 'q'), "
                + "(3, 10, NULL, 300, NULL, 'r'), (4, 30, 'y', NULL, 4.5, NULL)");
        db.execute("CREATE TABLE o (k INT PRIMARY KEY, e VARCHAR(20), n INT)");
        db.execute("INSERT INTO o VALUES (1, 'p', 7), (2, 'r', 8)");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        for (Object[] r : db.query(sql)) {
            StringBuilder sb = new StringBuilder();
            for (Object v : r) {
                sb.append(sb.length() == 0 ? "" : "|").append(v);
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void columnsNamedOnlyOutsideTheSelectListAreRead() throws Exception {
        assertEquals(List.of("1", "3"), rows("SELECT id FROM w WHERE a = 10 ORDER BY id"), "WHERE");
        assertEquals(List.of("3", "2", "1", "4"), rows("SELECT id FROM w ORDER BY c DESC NULLS LAST"), "ORDER BY");
        assertEquals(List.of("10|400"), rows("SELECT a, SUM(c) FROM w GROUP BY a HAVING SUM(c) > 300"), "GROUP BY, HAVING");
        assertEquals(List.of("2|big", "1|small"),
                rows("SELECT id, CASE WHEN d > 2 THEN 'big' ELSE 'small' END FROM w WHERE b IS NOT NULL AND e IS NOT NULL ORDER BY d DESC"),
                "CASE and ORDER BY on a column not selected");
        assertEquals(List.of("1|7", "3|8"), rows("SELECT w.id, o.n FROM w JOIN o ON o.e = w.e ORDER BY w.id"), "join condition");
        assertEquals(List.of("1", "3"),
                rows("SELECT id FROM w WHERE EXISTS (SELECT 1 FROM o WHERE o.e = w.e) ORDER BY id"), "correlated subquery");
        assertEquals(List.of("2"), rows("SELECT id FROM w WHERE c = (SELECT MAX(c) FROM w WHERE b = 'y')"), "scalar subquery");
        assertEquals(List.of("4"), rows("SELECT COUNT(*) FROM w"), "no column at all");
        assertEquals(List.of("4|30|y|null|4.5|null"), rows("SELECT * FROM w WHERE id = 4"), "star reads everything");
        assertEquals(List.of("2|y|q"), rows("SELECT w.id, b, e FROM (SELECT * FROM w WHERE c >= 200) w WHERE b = 'y' AND c < 300"),
                "a subquery in FROM");
    }
}
