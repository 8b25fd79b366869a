package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.storage.CheckpointMode;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;
import io.cairn.txn.Session;
import io.cairn.txn.TransactionOptions;
import io.cairn.txn.internal.TransactionManagerImpl;

/** A page damaged on disk under a running database fails the statement reading it with XX001, not XX000. */
class CorruptPageSqlStateTest {

    @TempDir
    Path dir;

    @Test
    void aChecksumFailureIsDataCorruptedAndTheDatabaseStillAnswers() throws Exception {
        // 16 pages of buffer pool: the table's pages are read from the file again by the scan
        try (TransactionManagerImpl tm = TransactionManagerImpl.open(dir,
                StorageOptions.defaults().withBufferPoolBytes(16L * PageLayout.PAGE_SIZE), TransactionOptions.defaults());
                Session session = tm.openSession("test", "corruption")) {
            SqlEngine engine = new SqlEngine(tm);
            engine.execute(session, "CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(300))");
            engine.execute(session, "BEGIN");
            for (int i = 0; i < 2000; i++) {
                engine.execute(session, "INSERT INTO t VALUES (" + i + ", '" + "x".repeat(150) + i + "')");
            }
            engine.execute(session, "COMMIT");
            tm.storage().checkpoint(CheckpointMode.FULL);
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
                long victim = leaves.get(leaves.size() / 2);
                ByteBuffer one = ByteBuffer.allocate(1);
                ch.read(one, victim * PageLayout.PAGE_SIZE + 3000);
                one.put(0, (byte) (one.get(0) ^ 0x10)).clear();
                ch.write(one, victim * PageLayout.PAGE_SIZE + 3000);
            }
            SqlException e = assertThrows(SqlException.class,
                    () -> engine.execute(session, "SELECT COUNT(*) FROM t WHERE pad LIKE '%9'"));
            assertEquals("XX001", e.getSQLState());
            assertTrue(e.getMessage().startsWith("data corrupted: corrupt page "), e.getMessage());
            assertEquals(1L, ((Number) engine.execute(session, "SELECT 1").rows().get(0)[0]).longValue());
        }
    }
}
