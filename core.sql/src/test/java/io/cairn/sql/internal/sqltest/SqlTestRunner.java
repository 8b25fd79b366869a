package io.cairn.sql.internal.sqltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.type.Values;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs {@code .test} files (format: src/test/resources/sql/README.md) against a
 * {@link SqlTestEngine}, one JUnit dynamic test per record, in file order, with a fresh engine
 * per file. Use it from a {@code @TestFactory}: {@code return SqlTestRunner.run("sql", ExpressionEngine::new);}
 */
public final class SqlTestRunner {

    private SqlTestRunner() {
    }

    /** One container per {@code *.test} file in the classpath directory {@code resourceDir}. */
    public static Stream<DynamicNode> run(String resourceDir, Supplier<SqlTestEngine> engines)
            throws IOException, URISyntaxException {
        return run(resourceDir, engines, false);
    }

    /**
     * As {@link #run(String, Supplier)}; with {@code anyOrder} every query's rows are compared in
     * sorted order and EXPLAIN queries are left out: for running the files against an engine
     * whose plans keep their results but not their row order or plan text (tiny memory bound).
     */
    public static Stream<DynamicNode> run(String resourceDir, Supplier<SqlTestEngine> engines, boolean anyOrder)
            throws IOException, URISyntaxException {
        URL url = SqlTestRunner.class.getClassLoader().getResource(resourceDir);
        if (url == null) {
            throw new IOException("no test directory " + resourceDir + " on the classpath");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(url.toURI()))) {
            files = list.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            List<SqlTestFile.Case> cases = SqlTestFile.parse(name, Files.readString(file, StandardCharsets.UTF_8));
            if (anyOrder) {
                cases = cases.stream().filter(c -> c.kind() != SqlTestFile.Kind.QUERY
                                || !c.sql().stripLeading().regionMatches(true, 0, "EXPLAIN", 0, 7))
                        .map(c -> c.kind() != SqlTestFile.Kind.QUERY ? c : new SqlTestFile.Case(c.file(), c.line(), c.kind(),
                                c.sql(), c.sqlState(), c.messagePart(), true, c.expected()))
                        .toList();
            }
            nodes.add(DynamicContainer.dynamicContainer(name, file.toUri(), forFile(cases, engines)));
        }
        return nodes.stream();
    }

    private static Stream<DynamicNode> forFile(List<SqlTestFile.Case> cases, Supplier<SqlTestEngine> engines) {
        SqlTestEngine[] engine = new SqlTestEngine[1];
        List<DynamicNode> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            SqlTestFile.Case c = cases.get(i);
            boolean last = i == cases.size() - 1;
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                if (engine[0] == null) {
                    engine[0] = engines.get();
                }
                try {
                    runCase(engine[0], c);
                } finally {
                    if (last) {
                        engine[0].close();
                        engine[0] = null;
                    }
                }
            }));
        }
        return tests.stream();
    }

    static void runCase(SqlTestEngine engine, SqlTestFile.Case c) throws SqlException {
        String where = c.file() + ":" + c.line();
        switch (c.kind()) {
            case STATEMENT_OK:
                engine.execute(c.sql());
                break;
            case ERROR: {
                try {
                    engine.query(c.sql());
                } catch (SqlException e) {
                    assertEquals(c.sqlState(), e.getSQLState(), where + ": wrong SQLSTATE, message: " + e.getMessage());
                    if (c.messagePart() != null && !e.getMessage().contains(c.messagePart())) {
                        fail(where + ": message \"" + e.getMessage() + "\" does not contain \"" + c.messagePart() + "\"");
                    }
                    return;
                }
                fail(where + ": expected error " + c.sqlState() + " but the statement succeeded");
                break;
            }
            default: {
                List<String> actual = new ArrayList<>();
                for (Object[] row : engine.query(c.sql())) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < row.length; i++) {
                        sb.append(i == 0 ? "" : " | ").append(render(row[i]));
                    }
                    actual.add(sb.toString());
                }
                List<String> expected = new ArrayList<>(c.expected());
                if (c.rowSort()) {
                    Collections.sort(actual);
                    Collections.sort(expected);
                }
                assertEquals(String.join("\n", expected), String.join("\n", actual), where + ": wrong result");
            }
        }
    }

    /** How a value is written in an expected result: NULL, (empty) for '', otherwise its text form. */
    static String render(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text = Values.toText(value);
        return text.isEmpty() ? "(empty)" : text;
    }
}
