package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cairn.sql.internal.type.Values;

/**
 * Comma-separated FROM lists of 3-4 tables, written in random orders (which the planner may
 * reorder), return the same rows as the same tables in a fixed written order under the same WHERE.
 * The reference joins them with {@code LEFT JOIN ... ON TRUE}, which the planner never reorders and
 * which is a cross join here because no table is empty. Fixed seed.
 */
class JoinOrderEquivalenceTest {

    private static final String[] TABLES = {"a", "b", "c", "d"};

    @Test
    void anyWrittenOrderReturnsTheSameRows() throws Exception {
        Random random = new Random(7);
        try (DatabaseEngine db = new DatabaseEngine()) {
            int[] sizes = {3, 12, 7, 9};
            for (int t = 0; t < TABLES.length; t++) {
                db.execute("CREATE TABLE " + TABLES[t] + " (id INT PRIMARY KEY, x INT, y INT)");
                StringBuilder insert = new StringBuilder("INSERT INTO " + TABLES[t] + " VALUES ");
                for (int i = 0; i < sizes[t]; i++) {
                    insert.append(i == 0 ? "" : ", ").append('(').append(i).append(", ")
                            .append(random.nextInt(6) == 0 ? "NULL" : String.valueOf(random.nextInt(5))).append(", ")
                            .append(random.nextInt(8)).append(')');
                }
                db.execute(insert.toString());
            }
            db.execute("ANALYZE");
            int reordered = 0;
            for (int round = 0; round < 60; round++) {
                int n = 3 + random.nextInt(2);
                List<String> tables = new ArrayList<>(List.of(TABLES).subList(0, n));
                List<String> conj = new ArrayList<>();
                for (int i = 1; i < n; i++) { // connect each table to an earlier one, sometimes
                    if (random.nextInt(4) != 0) {
                        String other = tables.get(random.nextInt(i));
                        conj.add(tables.get(i) + "." + (random.nextBoolean() ? "x" : "y") + " = " + other + "."
                                + (random.nextBoolean() ? "x" : "y"));
                    }
                }
                int filters = random.nextInt(3);
                for (int i = 0; i < filters; i++) {
                    String t = tables.get(random.nextInt(n));
                    conj.add(random.nextBoolean() ? t + ".id = " + random.nextInt(4) : t + ".y < " + random.nextInt(8));
                }
                String where = conj.isEmpty() ? "" : " WHERE " + String.join(" AND ", conj);
                StringBuilder orderBy = new StringBuilder();
                for (String t : tables) {
                    orderBy.append(orderBy.length() == 0 ? " ORDER BY " : ", ").append(t).append(".id");
                }
                String expected = text(db.query("SELECT * FROM " + String.join(" LEFT JOIN ", tables).replaceAll("( LEFT JOIN [a-d])", "$1 ON TRUE") + where + orderBy));
                List<String> shuffled = new ArrayList<>(tables);
                Collections.shuffle(shuffled, random);
                String sql = "SELECT " + String.join(", ", tables.stream().map(t -> t + ".*").toList()) + " FROM "
                        + String.join(", ", shuffled) + where + orderBy;
                assertEquals(expected, text(db.query(sql)), sql);
                String first = null; // the first scan EXPLAIN lists is the table joined first
                for (Object[] row : db.query("EXPLAIN " + sql)) {
                    String line = (String) row[0];
                    int on = line.indexOf(" on ");
                    if (first == null && on >= 0) {
                        first = line.substring(on + 4).split(" ")[0];
                    }
                }
                if (!shuffled.get(0).equals(first)) {
                    reordered++;
                }
            }
            assertTrue(reordered > 0, "no round was joined in another order than written");
        }
    }

    private static String text(List<Object[]> rows) {
        StringBuilder sb = new StringBuilder();
        for (Object[] r : rows) {
            for (Object v : r) {
                sb.append(Values.toText(v)).append('|');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The smallest table first (the greedy order) would join ja with all of jb (4096 rows); the
     * chosen order joins jb with jc on a key first, and no intermediate result exceeds 512 rows.
     */
    @Test
    void dynamicProgrammingAvoidsTheGreedyOrdersBigIntermediateResult() throws Exception {
        try (DatabaseEngine db = new DatabaseEngine()) {
            db.execute("CREATE TABLE ja (id INT PRIMARY KEY, k INT)");
            db.execute("CREATE TABLE jb (id INT PRIMARY KEY, k INT)");
            db.execute("CREATE TABLE jc (id INT PRIMARY KEY, bid INT)");
            db.execute("INSERT INTO ja VALUES (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1), (8, 1)");
            db.execute("INSERT INTO jb VALUES (1, 1)");
            for (int i = 0; i < 9; i++) {
                db.execute("INSERT INTO jb SELECT id + (SELECT max(id) FROM jb), k FROM jb");
            }
            db.execute("INSERT INTO jc SELECT id, id * 8 FROM jb WHERE id <= 64");
            db.execute("ANALYZE");
            String sql = "SELECT count(*) FROM ja, jb, jc WHERE ja.k = jb.k AND jb.id = jc.bid";
            long largest = 0;
            List<String> plan = new ArrayList<>();
            for (Object[] r : db.query("EXPLAIN ANALYZE " + sql)) {
                String line = (String) r[0];
                plan.add(line);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Join .*actual rows=(\\d+)").matcher(line);
                if (m.find()) {
                    largest = Math.max(largest, Long.parseLong(m.group(1)));
                }
            }
            assertTrue(largest > 0 && largest <= 512, "largest join result " + largest + " in\n" + String.join("\n", plan));
            // the greedy order, forced by a derived table, really is worse
            long greedy = 0;
            for (Object[] r : db.query("EXPLAIN ANALYZE SELECT count(*) FROM (SELECT jb.id AS bid FROM ja JOIN jb ON ja.k = jb.k) x, jc"
                    + " WHERE x.bid = jc.bid")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Join .*actual rows=(\\d+)").matcher((String) r[0]);
                if (m.find()) {
                    greedy = Math.max(greedy, Long.parseLong(m.group(1)));
                }
            }
            assertEquals(4096, greedy);
            assertEquals(512L, ((Number) db.query(sql).get(0)[0]).longValue());
        }
    }
}
