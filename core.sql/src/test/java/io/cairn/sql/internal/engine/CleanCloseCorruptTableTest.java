package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;
import io.cairn.txn.Session;
import io.cairn.txn.TransactionOptions;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * After a clean close, open reads no table, so a damaged table page costs that table (XX001 when
 * read), not the whole database.
 */
class CleanCloseCorruptTableTest {

    @TempDir
    Path dir;

    @TempDir
    Path crashImages;

    private TransactionManagerImpl open() {
        return TransactionManagerImpl.open(dir, StorageOptions.defaults().withBufferPoolBytes(16L * PageLayout.PAGE_SIZE),
                TransactionOptions.defaults());
    }

    @Test
    void aDatabaseWithADamagedTablePageOpensAndTheOtherTablesAnswer() throws Exception {
        try (TransactionManagerImpl tm = open(); Session session = tm.openSession("test", "setup")) {
            SqlEngine engine = new SqlEngine(tm);
            createSmallAndBig(engine, session);
        }
        damageABigLeaf(dir);
        try (TransactionManagerImpl tm = open(); Session session = tm.openSession("test", "after")) {
            SqlEngine engine = new SqlEngine(tm);
            assertEquals(30L, ((Number) engine.execute(session, "SELECT SUM(v) FROM small").rows().get(0)[0]).longValue());
            SqlException e = assertThrows(SqlException.class, () -> engine.execute(session, "SELECT COUNT(*) FROM big"));
            assertEquals("XX001", e.getSQLState());
            engine.execute(session, "INSERT INTO small VALUES (3, 30)");
            assertEquals(60L, ((Number) engine.execute(session, "SELECT SUM(v) FROM small").rows().get(0)[0]).longValue());
        }
    }

    /** Table small (two rows) and big (2,000 rows over many leaves). */
    private static void createSmallAndBig(SqlEngine engine, Session session) throws SqlException {
        engine.execute(session, "CREATE TABLE small (id INT PRIMARY KEY, v INT)");
        engine.execute(session, "INSERT INTO small VALUES (1, 10), (2, 20)");
        engine.execute(session, "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(300))");
        engine.execute(session, "BEGIN");
        for (int i = 0; i < 2000; i++) {
            engine.execute(session, "INSERT INTO big VALUES (" + i + ", '" + "x".repeat(150) + i + "')");
        }
        engine.execute(session, "COMMIT");
    }

    /** Flips a bit in one of big's leaves: the long run of leaf pages written last, damaged in its middle. */
    private static void damageABigLeaf(Path dir) throws Exception {
        try (FileChannel ch = FileChannel.open(dir.resolve(PageFile.FILE_NAME), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            List<Long> leaves = new ArrayList<>();
            ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
            for (long p = 2; p < ch.size() / PageLayout.PAGE_SIZE; p++) {
                b.clear();
                ch.read(b, p * PageLayout.PAGE_SIZE);
                if (b.get(0) == PageType.BTREE_LEAF.code()) {
                    leaves.add(p);
                }
            }
            long victim = leaves.get(leaves.size() * 3 / 4);
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, victim * PageLayout.PAGE_SIZE + 3000);
            one.put(0, (byte) (one.get(0) ^ 0x10)).clear();
            ch.write(one, victim * PageLayout.PAGE_SIZE + 3000);
        }
    }

    /**
     * After a crash, too: open reads no table (rows of transactions the crash ended are rolled
     * back lazily and by a background pass, which logs the table it could not read).
     */
    @Test
    void afterACrashADatabaseWithADamagedTablePageOpensToo() throws Exception {
        Path crashed = crashImages.resolve("db");
        try (TransactionManagerImpl tm = open(); Session session = tm.openSession("test", "setup")) {
            SqlEngine engine = new SqlEngine(tm);
            createSmallAndBig(engine, session);
            try (Session loser = tm.openSession("test", "in flight")) {
                engine.execute(loser, "BEGIN");
                engine.execute(loser, "UPDATE small SET v = -1 WHERE id = 1");
                tm.storage().checkpoint(io.cairn.storage.CheckpointMode.TRUNCATE);
                try (var files = java.nio.file.Files.walk(dir)) { // the crash image, taken with the transaction open
                    for (Path f : files.toList()) {
                        java.nio.file.Files.copy(f, crashed.resolve(dir.relativize(f).toString()));
                    }
                }
            }
        }
        damageABigLeaf(crashed);
        try (TransactionManagerImpl tm = TransactionManagerImpl.open(crashed,
                StorageOptions.defaults().withBufferPoolBytes(16L * PageLayout.PAGE_SIZE), TransactionOptions.defaults());
                Session session = tm.openSession("test", "after")) {
            SqlEngine engine = new SqlEngine(tm);
            assertEquals(30L, ((Number) engine.execute(session, "SELECT SUM(v) FROM small").rows().get(0)[0]).longValue(),
                    "the update in flight at the crash is not seen");
            SqlException e = assertThrows(SqlException.class, () -> engine.execute(session, "SELECT COUNT(*) FROM big"));
            assertEquals("XX001", e.getSQLState());
            engine.execute(session, "UPDATE small SET v = 11 WHERE id = 1");
            assertEquals(31L, ((Number) engine.execute(session, "SELECT SUM(v) FROM small").rows().get(0)[0]).longValue());
        }
    }
}
