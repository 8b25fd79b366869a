package io.cairn.sql.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.sqltest.SqlTestEngine;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.Session;
import io.cairn.txn.TransactionOptions;
import io.cairn.txn.internal.TransactionManagerImpl;

/** A {@link SqlTestEngine} over a real database in a temporary directory, deleted on close. */
public final class DatabaseEngine implements SqlTestEngine {

    static final LocalDateTime STATEMENT_TIME = LocalDateTime.of(2024, 1, 31, 12, 34, 56);

    final Path dir;
    final TransactionManagerImpl manager;
    final SqlEngine engine;
    final Session session;

    public DatabaseEngine() {
        try {
            dir = Files.createTempDirectory("cairn-sql-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        manager = open(dir);
        engine = new SqlEngine(manager);
        engine.setStatementClock(() -> STATEMENT_TIME);
        engine.setSystemParameters(new io.cairn.sql.internal.SystemParameterFile(dir));
        session = manager.openSession("test", "sql test");
        for (io.cairn.sql.SqlFunction f : TestFunctions.all()) {
            engine.registry().addFunction(f);
        }
    }

    /** 2^doublings rows 1..n in a new table big(id, g), g = (id - 1) % 7 after the first, built by doubling. */
    static void bigTable(SqlEngine engine, io.cairn.txn.Session session, int doublings) throws SqlException {
        engine.execute(session, "CREATE TABLE big (id INT PRIMARY KEY, g INT)");
        engine.execute(session, "INSERT INTO big VALUES (1, 1)");
        for (int i = 0; i < doublings; i++) {
            engine.execute(session, "INSERT INTO big SELECT id + (SELECT max(id) FROM big), id % 7 FROM big");
        }
    }

    static TransactionManagerImpl open(Path dir) {
        StorageOptions storage = StorageOptions.defaults().withBufferPoolBytes(8L << 20).withWalSegmentBytes(4L << 20)
                .withCheckpointWalBytes(32L << 20);
        TransactionOptions txn = TransactionOptions.defaults().withLockTimeout(Duration.ofSeconds(2))
                .withDeadlockCheckInterval(Duration.ofMillis(20));
        return TransactionManagerImpl.open(dir, storage, txn);
    }

    @Override
    public void execute(String sql) throws SqlException {
        engine.execute(session, sql);
    }

    @Override
    public List<Object[]> query(String sql) throws SqlException {
        return engine.execute(session, sql).rows();
    }

    @Override
    public void close() throws IOException {
        session.close();
        manager.close();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
