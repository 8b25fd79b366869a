package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cairn.sql.internal.type.Values;

/**
 * Merge joins over ordered index and primary key scans return the same rows as hash joins of the
 * same tables with the indexes invisible, on random data full of duplicate and NULL keys. Fixed seed.
 */
class MergeJoinEquivalenceTest {

    @Test
    void mergeJoinReturnsWhatAHashJoinReturns() throws Exception {
        Random random = new Random(11);
        try (DatabaseEngine db = new DatabaseEngine()) {
            for (String t : List.of("l", "r")) {
                db.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, k BIGINT, s VARCHAR(3))");
                StringBuilder insert = new StringBuilder("INSERT INTO " + t + " VALUES ");
                for (int i = 0; i < 300; i++) {
                    insert.append(i == 0 ? "" : ", ").append('(').append(i).append(", ")
                            .append(random.nextInt(5) == 0 ? "NULL" : String.valueOf(random.nextInt(40) - 5)).append(", ")
                            .append(random.nextInt(6) == 0 ? "NULL" : "'" + (char) ('a' + random.nextInt(8)) + "'")
                            .append(')');
                }
                db.execute(insert.toString());
                db.execute("CREATE INDEX " + t + "_k ON " + t + " (k)");
                db.execute("CREATE INDEX " + t + "_s ON " + t + " (s, k)");
            }
            int merged = 0;
            for (int round = 0; round < 40; round++) {
                String col = List.of("k", "s", "id").get(random.nextInt(3));
                String other = col.equals("id") ? "k" : col;
                String lb = col.equals("s") ? "'" + (char) ('a' + random.nextInt(4)) + "'" : String.valueOf(random.nextInt(20) - 10);
                String sql = "SELECT l.id, r.id FROM l JOIN r ON l." + col + " = r." + other
                        + (random.nextBoolean() ? " AND l.id < r.id" : "")
                        + " WHERE l." + col + " >= " + lb + " AND r." + other + " >= " + lb + " ORDER BY 1, 2";
                if (col.equals("id")) {
                    sql = sql.replace("r.k >= " + lb, "r.k >= 0").replace("l.id >= " + lb, "l.id >= 0");
                }
                String plan = String.join("\n", column(db, "EXPLAIN " + sql));
                merged += plan.contains("Merge Join") ? 1 : 0;
                List<String> withIndexes = rows(db, sql);
                db.execute("ALTER INDEX l_k INVISIBLE");
                db.execute("ALTER INDEX r_k INVISIBLE");
                db.execute("ALTER INDEX l_s INVISIBLE");
                db.execute("ALTER INDEX r_s INVISIBLE");
                assertEquals(rows(db, sql), withIndexes, sql + "\n" + plan);
                db.execute("ALTER INDEX l_k VISIBLE");
                db.execute("ALTER INDEX r_k VISIBLE");
                db.execute("ALTER INDEX l_s VISIBLE");
                db.execute("ALTER INDEX r_s VISIBLE");
            }
            assertTrue(merged >= 20, "merge joins planned: " + merged);
        }
    }

    private static List<String> column(DatabaseEngine db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        for (Object[] r : db.query(sql)) {
            out.add(String.valueOf(r[0]));
        }
        return out;
    }

    private static List<String> rows(DatabaseEngine db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        for (Object[] r : db.query(sql)) {
            out.add(Values.toText(r[0]) + "|" + Values.toText(r[1]));
        }
        return out;
    }
}
