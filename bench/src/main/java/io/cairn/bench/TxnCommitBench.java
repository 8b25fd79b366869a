package io.cairn.bench;

import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Threads;

import io.cairn.storage.StorageOptions;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/**
 * The transaction commit path at the core.txn API: begin (READ COMMITTED), update one random row of
 * a loaded table, durable commit ({@code CommitMode.SYNC}, the default: the log is fsynced before
 * {@code commit()} returns). One committer, then eight, where group commit should share one fsync
 * among several commits. Compare with {@link FsyncFloorBench} and, one layer down, with
 * {@link DurableCommitBench}. Two threads may pick the same row; the second waits for the first's
 * row lock, as an application's would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TxnCommitBench {

    static final String TABLE = "bench";

    /** Rows in the table; each transaction updates one of them at random. */
    @Param("100000")
    public int rows;

    @Param("100")
    public int valueSize;

    Path dir;
    TransactionManager tm;

    /** One session per benchmark thread, as each application thread would have its own. */
    @State(Scope.Thread)
    public static class Client {
        Session session;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void open(TxnCommitBench bench) {
            session = bench.tm.openSession("bench", "TxnCommitBench");
            random = new SplittableRandom(Thread.currentThread().getId());
        }

        @TearDown(Level.Trial)
        public void close() {
            session.close();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        dir = Engines.scratchDir("txn-commit");
        tm = TransactionManager.open(dir, StorageOptions.defaults().withBufferPoolBytes(256L << 20),
                TransactionOptions.defaults());
        tm.createTable(TABLE);
        Session s = tm.openSession("load", null);
        Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
        for (long k = 0; k < rows; k++) {
            t.put(TABLE, Keys.key(k), Keys.value(k, valueSize));
            if (k % 10_000 == 9_999) {
                t.commit();
                t = s.begin(IsolationLevel.READ_COMMITTED);
            }
        }
        t.commit();
        s.close();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            tm.close();
        } finally {
            Engines.delete(dir);
        }
    }

    @Benchmark
    @Threads(1)
    public long update1(Client c) {
        return updateAndCommit(c);
    }

    @Benchmark
    @Threads(8)
    public long update8(Client c) {
        return updateAndCommit(c);
    }

    /** Returns the commit's SCN, so the work cannot be optimised away. */
    long updateAndCommit(Client c) {
        long k = c.random.nextLong(rows);
        try (Transaction t = c.session.begin(IsolationLevel.READ_COMMITTED)) {
            t.put(TABLE, Keys.key(k), Keys.value(k + 1, valueSize));
            return t.commit();
        }
    }
}
