package io.cairn.sql.internal.parser;

import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.sql.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random token soups, mutations and truncations of valid statements must parse or fail with a
 * {@link SqlException}: never another exception, never a hang. Fixed seeds; run with
 * {@code -Dcairn.test.long=true} for fifty times as many inputs.
 */
class ParserFuzzTest {

    private static final boolean LONG = Boolean.getBoolean("cairn.test.long");
    private static final int SCALE = LONG ? 50 : 1;
    private static final long TIMEOUT_MS = 2000;

    private static final String[] VOCABULARY = {
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "ALL", "DISTINCT",
        "JOIN", "LEFT", "INNER", "CROSS", "OUTER", "ON", "AS", "OF", "SCN", "AND", "OR", "NOT", "IS", "NULL", "IN",
        "BETWEEN", "LIKE", "ESCAPE", "EXISTS", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "EXTRACT", "SUBSTRING",
        "POSITION", "TRIM", "LEADING", "FOR", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "CREATE", "TABLE",
        "INDEX", "UNIQUE", "PRIMARY", "KEY", "CHECK", "DEFAULT", "CONSTRAINT", "WITH", "DROP", "ALTER", "ADD",
        "COLUMN", "IF", "VISIBLE", "INVISIBLE", "EXPLAIN", "ANALYZE", "BEGIN", "COMMIT", "ROLLBACK", "TO",
        "SAVEPOINT", "RELEASE", "TRANSACTION", "ISOLATION", "LEVEL", "READ", "COMMITTED", "SHOW", "VACUUM", "FULL",
        "REINDEX", "CHECKPOINT", "SYSTEM", "CALL", "EXEC", "INT", "VARCHAR", "DECIMAL", "DATE", "TIMESTAMP", "TRUE",
        "FALSE", "COUNT", "t", "a", "b", "\"Q\"", "v$x", "1", "2.5", "1e3", "'s'", "''", "?", "(", ")", ",", ";", ".",
        "*", "+", "-", "/", "%", "=", "<>", "!=", "<", "<=", ">", ">=", "||", "--c\n", "/*c*/",
    };

    private static ExecutorService worker;

    @BeforeAll
    static void start() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "parser-fuzz", 512 * 1024);
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void randomTokenSequencesGiveAnAstOrAnSqlError() throws Exception {
        Random random = new Random(20261125L);
        for (int i = 0; i < 20000 * SCALE; i++) {
            int n = 1 + random.nextInt(25);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < n; j++) {
                sb.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            check(sb.toString());
        }
    }

    @Test
    void mutatedAndTruncatedStatementsGiveAnAstOrAnSqlError() throws Exception {
        Random random = new Random(5L);
        String[] valid = ParserTest.STATEMENTS;
        for (String sql : valid) {
            for (int cut = 0; cut <= sql.length(); cut++) {
                check(sql.substring(0, cut));
            }
        }
        for (int i = 0; i < 15000 * SCALE; i++) {
            String sql = valid[random.nextInt(valid.length)];
            check(mutate(sql, random));
        }
    }

    @Test
    void randomCharactersGiveAnAstOrAnSqlError() throws Exception {
        Random random = new Random(77L);
        String alphabet = "SELECTFROMWHEREselect 0123456789.eE+-*/%()'\"?,;=<>!|$_\n\t-/*\u00e9\u4e2d\ud83d\ude00\ud800\u0000";
        for (int i = 0; i < 15000 * SCALE; i++) {
            int n = random.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            check(sb.toString());
        }
    }

    private static String mutate(String sql, Random random) {
        List<String> tokens = new ArrayList<>(List.of(sql.split(" ")));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !tokens.isEmpty(); e++) {
            int at = random.nextInt(tokens.size());
            switch (random.nextInt(5)) {
                case 0 -> tokens.remove(at);
                case 1 -> tokens.add(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                case 2 -> tokens.set(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                case 3 -> tokens.add(at, tokens.get(random.nextInt(tokens.size())));
                default -> {
                    String t = tokens.get(at);
                    if (!t.isEmpty()) {
                        int c = random.nextInt(t.length());
                        tokens.set(at, t.substring(0, c) + t.substring(c + 1));
                    }
                }
            }
        }
        return String.join(random.nextBoolean() ? " " : "\n", tokens);
    }

    private static void check(String sql) throws Exception {
        Future<Throwable> result = worker.submit(() -> {
            try {
                Parser.parseScript(sql);
                Statement ignored = sql.contains(";") ? null : Parser.parse(sql);
                return null;
            } catch (SqlException e) {
                if (e.getSQLState() == null || e.getMessage() == null) {
                    return new AssertionError("SqlException without state or message", e);
                }
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable failure;
        try {
            failure = result.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            fail("parser did not finish within " + TIMEOUT_MS + " ms on: " + sql);
            return;
        }
        if (failure != null) {
            AssertionError error = new AssertionError("parser threw " + failure + " on: " + sql);
            error.initCause(failure);
            throw error;
        }
    }
}
