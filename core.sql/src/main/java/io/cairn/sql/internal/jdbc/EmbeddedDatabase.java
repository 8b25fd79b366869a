package io.cairn.sql.internal.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.cairn.sql.internal.SystemParameterFile;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/**
 * A database the driver's connections run on, shared by every connection to the same canonical
 * path (or the same mem: name) in this JVM. Either the driver opened it (closed when its last
 * connection closes; a mem: database's temporary directory is then deleted), or the container
 * opened it and {@link #attach attached} it: then connections borrow the container's instance, by
 * directory ({@code jdbc:cairn:file:}) or by name ({@code jdbc:cairn:db:}), and never close it.
 */
final class EmbeddedDatabase {

    /** Open databases by key: "file:" + canonical directory, "mem:" + name, "db:" + container name. */
    private static final Map<String, EmbeddedDatabase> OPEN = new HashMap<>();

    final String key;
    final Path dir;
    final boolean temporary;
    /** False for a container database: the container opened it and closes it. */
    final boolean owned;
    final TransactionManager manager;
    final SqlEngine engine;
    private final String name;
    private int connections;
    /** Set when the container closes a borrowed database: its connections are then dead. */
    private volatile boolean closed;

    private EmbeddedDatabase(String key, Path dir, boolean temporary, boolean owned, String name,
            TransactionManager manager, SqlEngine engine) {
        this.key = key;
        this.dir = dir;
        this.temporary = temporary;
        this.owned = owned;
        this.name = name;
        this.manager = manager;
        this.engine = engine;
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

    /** Joins the database the container opened under {@code name}; 08001 if there is none. */
    static EmbeddedDatabase acquireNamed(String name) throws SQLException {
        synchronized (OPEN) {
            EmbeddedDatabase db = OPEN.get("db:" + name);
            if (db == null) {
                throw new SQLException("no database named '" + name + "' is open in this container "
                        + "(jdbc:cairn:db: reaches databases opened from io.cairn.database configurations)", "08001");
            }
            db.connections++;
            return db;
        }
    }

    private static EmbeddedDatabase acquire(String key, Path dir, boolean temporary) throws SQLException {
        synchronized (OPEN) {
            EmbeddedDatabase db = OPEN.get(key);
            if (db == null) {
                Path d = dir;
                try {
                    StorageOptions storage = StorageOptions.defaults();
                    TransactionOptions transactions = TransactionOptions.defaults();
                    long memoryRows = SqlEngine.DEFAULT_MEMORY_ROWS;
                    if (temporary) {
                        d = Files.createTempDirectory("cairn-mem-");
                    } else { // parameters saved with ALTER SYSTEM SET, as a standalone database reads them
                        SystemParameterFile.Saved saved = SystemParameterFile.apply(d, storage, transactions, memoryRows);
                        storage = saved.storage();
                        transactions = saved.transactions();
                        memoryRows = saved.memoryRows();
                    }
                    TransactionManager tm = TransactionManager.open(d, storage, transactions);
                    SqlEngine engine = new SqlEngine(tm);
                    engine.useTempArea(d);
                    engine.setMemoryBound(memoryRows);
                    if (!temporary) {
                        engine.setSystemParameters(new SystemParameterFile(d));
                    }
                    db = new EmbeddedDatabase(key, d, temporary, true, null, tm, engine);
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

    /**
     * Makes a database the container opened reachable by the driver, by name and by directory, so
     * that JDBC connections share its instance (and its plugins' views and procedures) instead of
     * trying to open its files a second time. Fails if the driver already holds that directory
     * open on its own (the store's file lock would refuse the container anyway).
     */
    static EmbeddedDatabase attach(String name, Path directory, TransactionManager manager, SqlEngine engine) {
        Path canonical;
        try {
            canonical = directory.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot resolve the data directory " + directory + ": " + e, e);
        }
        synchronized (OPEN) {
            EmbeddedDatabase byDir = OPEN.get("file:" + canonical);
            if (byDir != null) {
                throw new IllegalStateException("the data directory " + canonical + " of database '" + name
                        + "' is already open through the JDBC driver (" + byDir.connections + " connection(s))");
            }
            if (OPEN.containsKey("db:" + name)) {
                throw new IllegalStateException("a database named '" + name + "' is already open in this container");
            }
            EmbeddedDatabase db = new EmbeddedDatabase("file:" + canonical, canonical, false, false, name, manager, engine);
            OPEN.put(db.key, db);
            OPEN.put("db:" + name, db);
            return db;
        }
    }

    /**
     * Called by the container before it closes the database: new connections can no longer reach it,
     * and those still open fail with 08003 and report {@code isValid() == false} (so pools drop them).
     */
    void detach() {
        synchronized (OPEN) {
            closed = true;
            OPEN.remove(key, this);
            OPEN.remove("db:" + name, this);
        }
    }

    /** False once the container closed a borrowed database under its connections. */
    boolean isOpen() {
        return !closed;
    }

    /** The container's name for a borrowed database; null for one the driver opened. */
    String containerName() {
        return name;
    }

    /** Called once by each connection as it closes; the last one closes a database the driver opened. */
    void release() {
        synchronized (OPEN) {
            if (--connections > 0 || !owned) {
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

    /** True while some connection (or the container) holds the database named by {@code key} (tests). */
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
