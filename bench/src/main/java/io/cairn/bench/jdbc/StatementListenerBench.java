package io.cairn.bench.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.internal.engine.SqlEngine;

/**
 * Issue 6's target under JMH: what a statement listener adds to a point select
 * ({@code SELECT pad FROM bench WHERE id = ?} through one JDBC PreparedStatement on random keys of a
 * 100,000-row table). Each listener mode runs in JVMs of its own, as a production JVM runs with or
 * without its listeners, and JMH's forks average over the JIT's run-to-run differences, which in
 * one JVM ({@link InstrumentationOverhead}) swing the figure by more than the target.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar StatementListenerBench -f 8 -wi 3 -i 5 -w 2s -r 2s [-prof gc]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatementListenerBench {

    /** none: the plain path; trivial: counts statements and sums elapsed time; trivial_cpu: the same, asking for CPU time. */
    @Param({"none", "trivial"})
    public String listener;

    @Param("100000")
    public int rows;

    private Path dir;
    private Connection connection;
    private PreparedStatement select;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StatementListener l = switch (listener) {
            case "none" -> null;
            case "trivial" -> new InstrumentationOverhead.Trivial(false);
            case "trivial_cpu" -> new InstrumentationOverhead.Trivial(true);
            default -> throw new IllegalArgumentException("listener must be none, trivial or trivial_cpu: " + listener);
        };
        dir = Files.createTempDirectory("cairn-listener-bench-");
        connection = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath());
        InstrumentationOverhead.load(connection, rows);
        if (l != null) {
            connection.unwrap(SqlEngine.class).addStatementListener(l);
        }
        select = connection.prepareStatement("SELECT pad FROM bench WHERE id = ?");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        select.close();
        connection.close();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public String pointSelect() throws Exception {
        long id = random.nextInt(rows);
        select.setLong(1, id);
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row " + id);
            }
            return rs.getString(1);
        }
    }
}
