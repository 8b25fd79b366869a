package io.cairn.bench.jdbc;

import io.cairn.bench.Latencies;
import io.cairn.bench.jdbc.JdbcComparison.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W7: pgbench's TPC-B-like script over JDBC. Each transaction adds a random delta to one account,
 * reads the account back, adds the delta to one teller and one branch and appends a history row,
 * then commits. Threads run for a fixed time, each on its own connection. Serialization failures,
 * deadlock victims and lock timeouts are rolled back and retried (counted); a transaction still
 * failing after {@code maxRetries} retries is counted as failed and reported. After each thread
 * count the tables are checked: the account, teller and branch balances and the history deltas
 * must each sum to the deltas of the transactions that committed, and history must hold exactly
 * one row per committed transaction.
 */
final class Tpcb {

    /** What one thread count achieved and whether the database still adds up. */
    record Run(int threads, double seconds, long committed, long retries, long failed, double p50Millis,
            double p99Millis, String invariant, List<String> errors, long processCpuNanos, long clientCpuNanos,
            long walFsyncs, long walBytes) {

        double perSecond() {
            return committed / seconds;
        }

        /** WAL fsyncs per committed transaction (Cairn only, -1 elsewhere): how well commits were grouped. */
        double fsyncsPerTransaction() {
            return walFsyncs < 0 || committed == 0 ? -1 : (double) walFsyncs / committed;
        }

        /** WAL bytes appended per committed transaction (Cairn only, -1 elsewhere). */
        double walBytesPerTransaction() {
            return walBytes < 0 || committed == 0 ? -1 : (double) walBytes / committed;
        }

        boolean invariantHolds() {
            return invariant == null;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%d threads: %,.0f txn/s, p50 %.2f ms, p99 %.2f ms, %d retries, %d failed after retries,%s%s invariant %s",
                    threads, perSecond(), p50Millis, p99Millis, retries, failed,
                    walFsyncs < 0 ? "" : String.format(Locale.ROOT, " %.3f WAL fsyncs/txn,", fsyncsPerTransaction()),
                    walBytes < 0 ? "" : String.format(Locale.ROOT, " %,.0f WAL bytes/txn,", walBytesPerTransaction()),
                    invariant == null ? "holds" : "BROKEN: " + invariant);
        }
    }

    /** Scale: branches, tellers per branch, accounts per branch. */
    record Scale(int branches, int tellersPerBranch, int accountsPerBranch) {
        int tellers() {
            return branches * tellersPerBranch;
        }

        int accounts() {
            return branches * accountsPerBranch;
        }
    }

    private static final String FILLER = " ".repeat(84);

    private final Engine engine;
    private final Path dir;
    private final Scale scale;
    private final int maxRetries;
    /** Committed transactions and the sum of their deltas, over all runs on this database. */
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong deltaSum = new AtomicLong();
    /** Commits whose outcome is unknown (the commit call itself failed with an error not known to roll back). */
    private final AtomicLong uncertain = new AtomicLong();

    Tpcb(Engine engine, Path dir, Scale scale, int maxRetries) {
        this.engine = engine;
        this.dir = dir;
        this.scale = scale;
        this.maxRetries = maxRetries;
    }

    /** Creates and fills the four tables (not timed). */
    void load() throws SQLException {
        try (Connection c = engine.connect(dir); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tpcb_branch (bid INT PRIMARY KEY, bbalance BIGINT, filler VARCHAR(88))");
            s.execute("CREATE TABLE tpcb_teller (tid INT PRIMARY KEY, bid INT, tbalance BIGINT, filler VARCHAR(84))");
            s.execute("CREATE TABLE tpcb_account (aid INT PRIMARY KEY, bid INT, abalance BIGINT, filler VARCHAR(84))");
            s.execute("CREATE TABLE tpcb_history (tid INT, bid INT, aid INT, delta BIGINT, mtime TIMESTAMP, filler VARCHAR(22))");
            c.setAutoCommit(false);
            fill(c, "INSERT INTO tpcb_branch (bid, bbalance, filler) VALUES (?, 0, ?)", scale.branches(), 1);
            fill(c, "INSERT INTO tpcb_teller (tid, bid, tbalance, filler) VALUES (?, ?, 0, ?)", scale.tellers(),
                    scale.tellersPerBranch());
            fill(c, "INSERT INTO tpcb_account (aid, bid, abalance, filler) VALUES (?, ?, 0, ?)", scale.accounts(),
                    scale.accountsPerBranch());
            c.commit();
        }
    }

    private static void fill(Connection c, String sql, int rows, int perBranch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            boolean withBranch = perBranch > 1;
            for (int id = 1; id <= rows; id++) {
                ps.setInt(1, id);
                if (withBranch) {
                    ps.setInt(2, (id - 1) / perBranch + 1);
                }
                ps.setString(withBranch ? 3 : 2, FILLER);
                ps.addBatch();
                if (id % 1_000 == 0 || id == rows) {
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
    }

    /** Runs {@code threads} clients for {@code seconds}, then checks the tables. */
    Run run(int threads, double seconds, long seed) throws Exception {
        long committedBefore = committed.get();
        AtomicLong retries = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong clientCpu = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        Connection[] connections = new Connection[threads];
        for (int i = 0; i < threads; i++) {
            connections[i] = engine.connect(dir);
            connections[i].setAutoCommit(explicitBegin());
        }
        long fsyncsBefore = walFsyncs(connections[0]);
        long walBefore = walEnd(connections[0]);
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            int id = w;
            workers[w] = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed * 31 + id);
                long[] lat = new long[1 << 12];
                int n = 0;
                try (Client client = new Client(connections[id])) {
                    while (System.nanoTime() < end && errors.size() < 10) {
                        int aid = random.nextInt(scale.accounts()) + 1;
                        int tid = random.nextInt(scale.tellers()) + 1;
                        int bid = random.nextInt(scale.branches()) + 1;
                        int delta = random.nextInt(-5_000, 5_001);
                        long t0 = System.nanoTime();
                        int attempt = 0;
                        boolean ok = false;
                        while (true) {
                            try {
                                client.transaction(aid, tid, bid, delta);
                                committed.incrementAndGet();
                                deltaSum.addAndGet(delta);
                                ok = true;
                                break;
                            } catch (SQLException e) {
                                client.rollbackQuietly();
                                if (!engine.isRetryable(e)) {
                                    if (client.inCommit) {
                                        uncertain.incrementAndGet();
                                    }
                                    errors.add(describe(e));
                                    break;
                                }
                                if (attempt++ == maxRetries) {
                                    failed.incrementAndGet();
                                    errors.add("gave up after " + maxRetries + " retries: " + describe(e));
                                    break;
                                }
                                retries.incrementAndGet();
                            }
                        }
                        if (!ok) {
                            continue;
                        }
                        // Latency of a committed transaction, its retries included (as pgbench counts it).
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                } catch (SQLException | RuntimeException e) {
                    errors.add(describe(e));
                }
                latencies[id] = lat;
                counts[id] = n;
                // a fresh thread: its CPU time is this client's work, statements and commits
                clientCpu.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }, "tpcb-" + engine.id() + "-" + id);
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - cpuBefore;
        long fsyncs = fsyncsBefore < 0 ? -1 : walFsyncs(connections[0]) - fsyncsBefore;
        long walBytes = walBefore < 0 ? -1 : walEnd(connections[0]) - walBefore;
        for (Connection c : connections) {
            c.close();
        }
        Latencies all = Latencies.merge(latencies, counts);
        return new Run(threads, elapsed, committed.get() - committedBefore, retries.get(), failed.get(),
                all.millis(0.5), all.millis(0.99), check(), List.copyOf(errors), cpu,
                clientCpu.get(), fsyncs, walBytes);
    }

    /** The embedded Cairn database's WAL end LSN (LSNs are byte positions), or -1 for a peer. */
    private long walEnd(Connection c) throws SQLException {
        if (engine != Engine.CAIRN) {
            return -1;
        }
        return c.unwrap(io.cairn.sql.internal.engine.SqlEngine.class).manager().storage().stats().walEndLsn();
    }

    /** The embedded Cairn database's WAL fsync count (its own counter), or -1 for a peer. */
    private long walFsyncs(Connection c) throws SQLException {
        if (engine != Engine.CAIRN) {
            return -1;
        }
        return c.unwrap(io.cairn.sql.internal.engine.SqlEngine.class).manager().storage().stats().walFsyncs();
    }

    /**
     * CPU time of the whole process (every thread: clients, the engine's background work, plugins),
     * or -1 where the JVM cannot tell; W9 divides it by the committed transactions.
     */
    static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** Null if every table adds up to what committed; otherwise what does not. */
    String check() throws SQLException {
        long expectSum = deltaSum.get();
        long expectRows = committed.get();
        try (Connection c = engine.connect(dir); Statement s = c.createStatement()) {
            long accounts = sum(s, "SELECT SUM(abalance) FROM tpcb_account");
            long tellers = sum(s, "SELECT SUM(tbalance) FROM tpcb_teller");
            long branches = sum(s, "SELECT SUM(bbalance) FROM tpcb_branch");
            long history = sum(s, "SELECT SUM(delta) FROM tpcb_history");
            long rows = sum(s, "SELECT COUNT(*) FROM tpcb_history");
            long accountRows = sum(s, "SELECT COUNT(*) FROM tpcb_account");
            boolean consistent = accounts == tellers && tellers == branches && branches == history
                    && accountRows == scale.accounts();
            boolean exact = accounts == expectSum && rows == expectRows;
            if (consistent && (exact || uncertain.get() > 0 && Math.abs(rows - expectRows) <= uncertain.get())) {
                return null;
            }
            return String.format(Locale.ROOT,
                    "sum(abalance) %d, sum(tbalance) %d, sum(bbalance) %d, sum(history.delta) %d, history rows %d,"
                            + " account rows %d; expected sums %d and %d history rows (%d commits of unknown outcome)",
                    accounts, tellers, branches, history, rows, accountRows, expectSum, expectRows, uncertain.get());
        }
    }

    private static long sum(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned no row");
            }
            // SUM over BIGINT is DECIMAL in some engines; NULL (no rows) counts as 0.
            java.math.BigDecimal v = rs.getBigDecimal(1);
            return v == null ? 0 : v.longValueExact();
        }
    }

    static String describe(Throwable e) {
        String state = e instanceof SQLException s ? " [SQLSTATE " + s.getSQLState() + ", code " + s.getErrorCode() + "]" : "";
        return e.getClass().getSimpleName() + ": " + e.getMessage() + state;
    }

    /**
     * SQLite's JDBC driver begins the next transaction as soon as the last one commits, so with
     * autocommit off every idle client would hold a write transaction; its clients run explicit
     * {@code BEGIN IMMEDIATE ... COMMIT} in autocommit mode instead (writers queue on the busy
     * timeout at BEGIN rather than failing to upgrade a read lock). Cairn and H2 use
     * {@code setAutoCommit(false)} and {@code commit()}.
     */
    private boolean explicitBegin() {
        return engine == Engine.SQLITE;
    }

    /** One client's connection and prepared statements. */
    private final class Client implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement updateAccount;
        private final PreparedStatement selectAccount;
        private final PreparedStatement updateTeller;
        private final PreparedStatement updateBranch;
        private final PreparedStatement insertHistory;
        private final Statement control;
        boolean inCommit;

        Client(Connection c) throws SQLException {
            this.c = c;
            updateAccount = c.prepareStatement("UPDATE tpcb_account SET abalance = abalance + ? WHERE aid = ?");
            selectAccount = c.prepareStatement("SELECT abalance FROM tpcb_account WHERE aid = ?");
            updateTeller = c.prepareStatement("UPDATE tpcb_teller SET tbalance = tbalance + ? WHERE tid = ?");
            updateBranch = c.prepareStatement("UPDATE tpcb_branch SET bbalance = bbalance + ? WHERE bid = ?");
            insertHistory = c.prepareStatement(
                    "INSERT INTO tpcb_history (tid, bid, aid, delta, mtime) VALUES (?, ?, ?, ?, ?)");
            control = c.createStatement();
        }

        void transaction(int aid, int tid, int bid, int delta) throws SQLException {
            inCommit = false;
            if (explicitBegin()) {
                control.execute("BEGIN IMMEDIATE");
            }
            update(updateAccount, delta, aid, "account");
            selectAccount.setInt(1, aid);
            try (ResultSet rs = selectAccount.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("account " + aid + " not found after its update", "XX000");
                }
                rs.getLong(1);
            }
            update(updateTeller, delta, tid, "teller");
            update(updateBranch, delta, bid, "branch");
            insertHistory.setInt(1, tid);
            insertHistory.setInt(2, bid);
            insertHistory.setInt(3, aid);
            insertHistory.setLong(4, delta);
            insertHistory.setTimestamp(5, new Timestamp(System.currentTimeMillis()));
            if (insertHistory.executeUpdate() != 1) {
                throw new SQLException("history insert did not insert one row", "XX000");
            }
            inCommit = true;
            if (explicitBegin()) {
                control.execute("COMMIT");
            } else {
                c.commit();
            }
            inCommit = false;
        }

        private void update(PreparedStatement ps, int delta, int id, String what) throws SQLException {
            ps.setLong(1, delta);
            ps.setInt(2, id);
            int n = ps.executeUpdate();
            if (n != 1) {
                throw new SQLException("update of " + what + " " + id + " changed " + n + " rows", "XX000");
            }
        }

        void rollbackQuietly() {
            try {
                if (explicitBegin()) {
                    control.execute("ROLLBACK"); // fails harmlessly if the failure already ended the transaction
                } else {
                    c.rollback();
                }
            } catch (SQLException ignored) {
                // the transaction is already gone; the next statement starts a new one
            }
        }

        @Override
        public void close() throws SQLException {
            for (Statement ps : List.of(updateAccount, selectAccount, updateTeller, updateBranch, insertHistory, control)) {
                ps.close();
            }
        }
    }
}
