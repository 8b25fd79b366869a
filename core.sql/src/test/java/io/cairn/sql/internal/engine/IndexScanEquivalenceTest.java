package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cairn.sql.internal.type.Values;

/**
 * Random range predicates give the same rows through a primary key or index range as through a
 * full scan (the index made invisible), with a fixed seed. Set -Dcairn.test.long=true for more rounds.
 */
class IndexScanEquivalenceTest {

    private static final String[] OPS = {"=", "<", "<=", ">", ">="};

    @Test
    void indexRangesReturnTheSameRowsAsAFullScan() throws Exception {
        Random random = new Random(42);
        int rounds = Boolean.getBoolean("cairn.test.long") ? 2000 : 150;
        try (DatabaseEngine db = new DatabaseEngine()) {
            db.execute("CREATE TABLE r (id INT PRIMARY KEY, a INT, b VARCHAR(3), c BIGINT)");
            StringBuilder insert = new StringBuilder("INSERT INTO r VALUES ");
            for (int i = 0; i < 400; i++) {
                insert.append(i == 0 ? "" : ", ").append('(').append(i * 3).append(", ")
                        .append(random.nextInt(10) == 0 ? "NULL" : String.valueOf(random.nextInt(20))).append(", ")
                        .append(random.nextInt(10) == 0 ? "NULL" : "'" + (char) ('a' + random.nextInt(6)) + "'").append(", ")
                        .append(random.nextInt(50) - 25).append(')');
            }
            db.execute(insert.toString());
            db.execute("CREATE INDEX r_ab ON r (a, b)");
            db.execute("CREATE INDEX r_c ON r (c)");
            int indexed = 0;
            for (int round = 0; round < rounds; round++) {
                List<String> conj = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    conj.add(predicate(random));
                }
                String where = String.join(" AND ", conj);
                String sql = "SELECT id FROM r WHERE " + where + " ORDER BY id";
                StringBuilder plan = new StringBuilder();
                for (Object[] row : db.query("EXPLAIN " + sql)) {
                    plan.append(row[0]);
                }
                if (!plan.toString().contains("Seq Scan")) {
                    indexed++;
                }
                String withIndexes = text(db.query(sql));
                db.execute("ALTER INDEX r_ab INVISIBLE");
                db.execute("ALTER INDEX r_c INVISIBLE");
                String full = text(db.query("SELECT id FROM r WHERE (" + where + ") AND id + 0 >= -1 ORDER BY id"));
                String fullNoPk = text(db.query("SELECT id FROM r WHERE " + where.replace("id ", "(id + 0) ") + " ORDER BY id"));
                db.execute("ALTER INDEX r_ab VISIBLE");
                db.execute("ALTER INDEX r_c VISIBLE");
                assertEquals(fullNoPk, withIndexes, sql + "\n" + plan);
                assertEquals(full, withIndexes, sql);
            }
            assertTrue(indexed > rounds / 3, "too few queries used an index: " + indexed);
        }
    }

    /** ORDER BY [LIMIT] served by a DESC index without a sort returns what a sort of a full scan returns. */
    @Test
    void orderedDescendingIndexScansMatchASort() throws Exception {
        Random random = new Random(5);
        int rounds = Boolean.getBoolean("cairn.test.long") ? 1000 : 80;
        try (DatabaseEngine db = new DatabaseEngine()) {
            db.execute("CREATE TABLE r (id INT PRIMARY KEY, a INT, b VARCHAR(3), c BIGINT)");
            StringBuilder insert = new StringBuilder("INSERT INTO r VALUES ");
            for (int i = 0; i < 300; i++) {
                insert.append(i == 0 ? "" : ", ").append('(').append(i).append(", ")
                        .append(random.nextInt(8) == 0 ? "NULL" : String.valueOf(random.nextInt(20))).append(", ")
                        .append(random.nextInt(8) == 0 ? "NULL" : "'" + (char) ('a' + random.nextInt(6)) + "'").append(", ")
                        .append(random.nextInt(50) - 25).append(')');
            }
            db.execute(insert.toString());
            db.execute("CREATE INDEX r_ab ON r (a DESC, b)");
            db.execute("CREATE INDEX r_c ON r (c DESC)");
            int unsorted = 0;
            for (int round = 0; round < rounds; round++) {
                String nullsA = List.of("", " NULLS FIRST", " NULLS LAST").get(random.nextInt(3));
                String nullsB = List.of("", " NULLS FIRST", " NULLS LAST").get(random.nextInt(3));
                String where = random.nextBoolean() ? "" : " WHERE " + (random.nextBoolean() ? predicate(random)
                        : "c " + OPS[random.nextInt(OPS.length)] + " " + (random.nextInt(60) - 30));
                String sql = random.nextBoolean()
                        ? "SELECT a, b FROM r" + where + " ORDER BY a DESC" + nullsA + ", b" + nullsB
                        : "SELECT c FROM r" + where + " ORDER BY c DESC" + nullsA;
                if (random.nextBoolean()) {
                    sql += " LIMIT " + random.nextInt(40);
                }
                StringBuilder plan = new StringBuilder();
                for (Object[] row : db.query("EXPLAIN " + sql)) {
                    plan.append(row[0]).append('\n');
                }
                if (!plan.toString().contains("Sort")) {
                    unsorted++;
                }
                String withIndexes = rows(db.query(sql));
                db.execute("ALTER INDEX r_ab INVISIBLE");
                db.execute("ALTER INDEX r_c INVISIBLE");
                String sorted = rows(db.query(sql));
                db.execute("ALTER INDEX r_ab VISIBLE");
                db.execute("ALTER INDEX r_c VISIBLE");
                assertEquals(sorted, withIndexes, sql + "\n" + plan);
            }
            assertTrue(unsorted > rounds / 4, "too few queries without a sort: " + unsorted);
        }
    }

    private static String rows(List<Object[]> rows) {
        StringBuilder sb = new StringBuilder();
        for (Object[] r : rows) {
            for (Object v : r) {
                sb.append(Values.toText(v)).append('|');
            }
            sb.append(',');
        }
        return sb.toString();
    }

    private static String predicate(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return "id " + OPS[random.nextInt(OPS.length)] + " " + random.nextInt(1300);
            case 1:
                return "a " + OPS[random.nextInt(OPS.length)] + " " + random.nextInt(22);
            case 2:
                return "b " + OPS[random.nextInt(OPS.length)] + " '" + (char) ('a' + random.nextInt(7)) + "'";
            case 3:
                return "c BETWEEN " + (random.nextInt(60) - 30) + " AND " + (random.nextInt(60) - 30);
            case 4:
                return "a IN (" + random.nextInt(20) + ", " + random.nextInt(20) + ", NULL)";
            default:
                return "c " + OPS[random.nextInt(OPS.length)] + " " + (random.nextInt(60) - 30);
        }
    }

    private static String text(List<Object[]> rows) {
        StringBuilder sb = new StringBuilder();
        for (Object[] r : rows) {
            sb.append(Values.toText(r[0])).append(',');
        }
        return sb.toString();
    }
}
