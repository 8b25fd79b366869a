package io.cairn.bench.jdbc;

import io.cairn.bench.jdbc.JdbcComparison.Engine;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W8: recovery after kill -9 of a writer. A child JVM (this classpath) loads {@code w8_base},
 * says READY, then commits numbered transactions one after another, each inserting row {@code n}
 * into {@code w8_commit} and setting the counter row {@code w8_base(id 0)} to {@code n}, and
 * prints {@code ACK n} after {@code commit()} returns. This JVM kills it with SIGKILL after a
 * delay, reopens the database, times the open plus a first query, and then checks that every
 * acknowledged commit is there, that commits are whole (the counter equals the highest row) and
 * that none is missing in between. Commits past the last acknowledged one are allowed (and shown):
 * the one in flight may have reached the log before the kill.
 */
final class KillRecovery {

    static final String CHILD = "--w8-child";

    /** What one kill and reopen showed; {@code problem} is null when nothing was lost or torn. */
    record Result(double openSeconds, long acknowledged, long recoveredMax, long lost, String problem) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "open + first query %.3f s; %d commits acknowledged, highest recovered %d, %d lost%s",
                    openSeconds, acknowledged, recoveredMax, lost, problem == null ? "" : "; PROBLEM: " + problem);
        }
    }

    private KillRecovery() {
    }

    /** Runs the child against {@code engine} in {@code dir}, kills it after {@code killAfterSeconds}, and checks. */
    static Result run(Engine engine, Path dir, int baseRows, double killAfterSeconds) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                KillRecovery.class.getName(), CHILD, engine.name(), dir.toAbsolutePath().toString(),
                Integer.toString(baseRows)));
        Process child = new ProcessBuilder(cmd).start();
        AtomicLong lastAck = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder err = new StringBuilder();
        StringBuilder outOfOrder = new StringBuilder();
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("ACK ")) {
                        long n = Long.parseLong(line.substring(4));
                        if (n != lastAck.get() + 1 && outOfOrder.length() == 0) {
                            outOfOrder.append("ACK ").append(n).append(" after ").append(lastAck.get());
                        }
                        lastAck.set(n);
                    } else if (line.equals("READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        }, "w8-child-out");
        Thread errReader = new Thread(() -> {
            try {
                err.append(new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the child was killed
            }
        }, "w8-child-err");
        out.start();
        errReader.start();
        boolean started;
        boolean aliveAtKill;
        try {
            started = ready.await(300, TimeUnit.SECONDS);
            if (started) {
                Thread.sleep((long) (killAfterSeconds * 1000));
            }
            aliveAtKill = child.isAlive();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
            child.waitFor();
            out.join();
            errReader.join();
        }
        if (!started || !aliveAtKill) {
            throw new IllegalStateException(engine.id() + ": W8 writer " + (started ? "died before the kill" : "never became ready")
                    + ", exit " + child.exitValue() + ": " + err.toString().strip());
        }
        if (outOfOrder.length() > 0) {
            throw new IllegalStateException(engine.id() + ": W8 writer acknowledged out of order: " + outOfOrder);
        }
        // The child also appends each ACK to a file with a plain write(2): unlike the tail of its stdout
        // pipe (seen to lose lines when the child is killed), that survives the kill in the page cache.
        long acked = Math.max(lastAck.get(), lastAckInFile(dir.resolve(ACK_FILE)));

        long t0 = System.nanoTime();
        try (Connection c = engine.connect(dir)) {
            long counter;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT val FROM w8_base WHERE id = 0")) {
                counter = rs.next() ? rs.getLong(1) : -1;
            } catch (SQLException e) {
                // The tables themselves are gone (seen with H2's default write delay): so is every commit.
                return new Result((System.nanoTime() - t0) / 1e9, acked, 0, acked, "all " + acked
                        + " acknowledged commit(s) LOST, and the tables loaded before them: the first query after"
                        + " reopening failed with " + Tpcb.describe(e).replace('\n', ' '));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return verify(c, seconds, acked, counter, baseRows);
        }
    }

    static final String ACK_FILE = "w8-acks.log";

    /** The last complete, in-order ACK line of the child's ACK file. */
    private static long lastAckInFile(Path file) throws IOException {
        long last = 0;
        if (!Files.exists(file)) {
            return 0;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("ACK ") && line.endsWith(";")) {
                long n = Long.parseLong(line.substring(4, line.length() - 1));
                if (n != last + 1) {
                    throw new IllegalStateException("W8 writer's ACK file has " + n + " after " + last);
                }
                last = n;
            }
        }
        return last;
    }

    /** Reads back what survived and compares it with what was acknowledged. */
    static Result verify(Connection c, double seconds, long acked, long counter, int baseRows) throws SQLException {
        BitSet present = new BitSet();
        long max = 0;
        long rows = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM w8_commit")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (id < 1 || id > Integer.MAX_VALUE) {
                    return new Result(seconds, acked, max, -1, "w8_commit holds id " + id + ", never written");
                }
                present.set((int) id);
                max = Math.max(max, id);
                rows++;
            }
        }
        long baseCount;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM w8_base")) {
            rs.next();
            baseCount = rs.getLong(1);
        }
        long lost = 0;
        for (int n = 1; n <= acked; n++) {
            if (!present.get(n)) {
                lost++;
            }
        }
        List<String> problems = new ArrayList<>();
        if (lost > 0) {
            problems.add(lost + " acknowledged commit(s) LOST (first missing: " + present.nextClearBit(1)
                    + ", last acknowledged " + acked + ")");
        }
        if (rows != max) {
            problems.add("commits 1.." + max + " should all be there, found " + rows + " rows (a hole: an earlier commit lost while a later one survived)");
        }
        // More than acknowledged is no loss: the in-flight commit's log write survives a kill -9 in the
        // page cache, and an ACK line can die with the writer. The page shows how many (recoveredMax).
        if (counter != max) {
            problems.add("torn commit: counter row says " + counter + " but the highest commit row is " + max);
        }
        if (baseCount != baseRows) {
            problems.add("w8_base has " + baseCount + " rows, " + baseRows + " were loaded and committed before READY");
        }
        return new Result(seconds, acked, max, lost, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** Child side: load, say READY, then commit numbered transactions until killed. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[0].equals(CHILD)) {
            throw new IllegalArgumentException("started by JdbcComparison for W8 only");
        }
        Engine engine = Engine.valueOf(args[1]);
        Path dir = Paths.get(args[2]);
        int baseRows = Integer.parseInt(args[3]);
        try (Connection c = engine.connect(dir)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE w8_base (id BIGINT PRIMARY KEY, val BIGINT, pad VARCHAR(100))");
                s.execute("CREATE TABLE w8_commit (id BIGINT PRIMARY KEY, pad VARCHAR(100))");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO w8_base (id, val, pad) VALUES (?, ?, ?)")) {
                for (int id = 0; id < baseRows; id++) {
                    ps.setLong(1, id);
                    ps.setLong(2, 0);
                    ps.setString(3, JdbcComparison.pad(id));
                    ps.addBatch();
                    if ((id + 1) % JdbcComparison.LOAD_TXN_ROWS == 0 || id == baseRows - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            System.out.println("READY");
            System.out.flush();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO w8_commit (id, pad) VALUES (?, ?)");
                    PreparedStatement counter = c.prepareStatement("UPDATE w8_base SET val = ? WHERE id = 0");
                    FileOutputStream ackFile = new FileOutputStream(dir.resolve(ACK_FILE).toFile(), true)) {
                for (long n = 1; ; n++) {
                    insert.setLong(1, n);
                    insert.setString(2, JdbcComparison.pad(n));
                    insert.executeUpdate();
                    counter.setLong(1, n);
                    if (counter.executeUpdate() != 1) {
                        throw new IllegalStateException("counter row missing");
                    }
                    c.commit();
                    // Only now is commit n acknowledged: the parent holds us to it. The ';' marks a whole line.
                    ackFile.write(("ACK " + n + ";\n").getBytes(StandardCharsets.UTF_8));
                    System.out.println("ACK " + n);
                    System.out.flush();
                }
            }
        }
    }
}
