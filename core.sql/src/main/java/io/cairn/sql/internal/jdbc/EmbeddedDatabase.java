package io.cairn.sql.internal.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/**
 * A database opened by the driver and shared by every connection to the same canonical path (or
 * the same mem: name) in this JVM; closed when its last connection closes. A mem: database lives
 * in a private temporary directory that is deleted at that point.
 */
final class EmbeddedDatabase {

    private static final Map<String, EmbeddedDatabase> OPEN = new HashMap<>();

    final String key;
    final Path dir;
    final boolean temporary;
    final TransactionManager manager;
    final SqlEngine engine;
    private int connections;

    private EmbeddedDatabase(String key, Path dir, boolean temporary, TransactionManager manager) {
        this.key = key;
        this.dir = dir;
        this.temporary = temporary;
        this.manager = manager;
        this.engine = new SqlEngine(manager);
    }

    /** Opens (or joins) the database of a file: path; the caller must {@link #release()} it. */
    static EmbeddedDatabase acquireFile(Path path) throws SQLException {
        Path canonical;
        try {
            Files.createDirectories(path);
            canonical = path.toRealPath();
        } catch (IOException | RuntimeException e) {
            throw new SQLException("cannot open database directory " + path + ": " + e.getMessage(), "08001", e);
        }
        return acquire("file:" + canonical, canonical, false);
    }

    /** Opens (or joins) the mem: database called {@code name}. */
    static EmbeddedDatabase acquireMem(String name) throws SQLException {
        return acquire("mem:" + name, null, true);
    }

    private static EmbeddedDatabase acquire(String key, Path dir, boolean temporary) throws SQLException {
        synchronized (OPEN) {
            EmbeddedDatabase db = OPEN.get(key);
            if (db == null) {
                Path d = dir;
                try {
                    if (temporary) {
                        d = Files.createTempDirectory("cairn-mem-");
                    }
                    TransactionManager tm = TransactionManager.open(d, StorageOptions.defaults(),
                            TransactionOptions.defaults());
                    db = new EmbeddedDatabase(key, d, temporary, tm);
                } catch (IOException | RuntimeException e) {
                    if (temporary && d != null) {
                        deleteQuietly(d);
                    }
                    throw new SQLException("cannot open database " + key + ": " + e.getMessage(), "08001", e);
                }
                OPEN.put(key, db);
            }
            db.connections++;
            return db;
        }
    }

    /** Called once by each connection as it closes; the last one closes the database. */
    void release() {
        synchronized (OPEN) {
            if (--connections > 0) {
                return;
            }
            OPEN.remove(key);
            try {
                engine.flushStatistics();
                manager.close();
            } finally {
                if (temporary) {
                    deleteQuietly(dir);
                }
            }
        }
    }

    /** True while some connection holds the database named by {@code key} (tests). */
    static boolean isOpen(String key) {
        synchronized (OPEN) {
            return OPEN.containsKey(key);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
