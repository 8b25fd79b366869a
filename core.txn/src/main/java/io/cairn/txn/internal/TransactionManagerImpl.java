package io.cairn.txn.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import io.cairn.storage.Cursor;
import io.cairn.storage.KeyDecoder;
import io.cairn.storage.KeyEncoder;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.txn.ChangeEvent;
import io.cairn.txn.ChangeEventStats;
import io.cairn.txn.ChangeListener;
import io.cairn.txn.CommitMode;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Session;
import io.cairn.txn.SessionRegistry;
import io.cairn.txn.TableLockMode;
import io.cairn.txn.TransactionException;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;
import io.cairn.txn.TransactionStats;
import io.cairn.txn.VacuumResult;
import io.cairn.txn.VersionRetention;
import io.cairn.txn.VersionStats;
import io.cairn.txn.WaitClass;
import io.cairn.txn.WaitEvents;

/**
 * The transaction layer over one {@link Storage}: MVCC reads and writes of table trees, commit
 * (SCN assignment, commit record, in-order publication, early lock release, group-committed
 * flush), rollback, recovery of uncommitted versions on open, the retention horizon and garbage
 * collection. The on-disk layout and the durability rules are in MVCC.md.
 */
public final class TransactionManagerImpl implements TransactionManager {

    static final String TABLE_PREFIX = "tbl.";
    static final String COMMIT_TREE = "txn.commit";
    static final String UNDO_TREE = "txn.undo";
    static final String META_TREE = "txn.meta";
    static final String SCN_TIME_TREE = "txn.scn_time";
    static final String TIME_SCN_TREE = "txn.time_scn";
    private static final byte[] META_LAST_SCN = "last_scn".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] META_TXN_ID_RESERVED = "txn_id_reserved".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] META_HORIZON = "horizon".getBytes(StandardCharsets.US_ASCII);
    /**
     * 1 when the last close ended every transaction first (so no table holds an uncommitted head)
     * and nothing wrote after it; open then skips the scan of every table. Open writes 0 before
     * anything else can write, and the log is ordered, so a crash image never carries a stale 1.
     */
    private static final byte[] META_CLEAN_CLOSE = "clean_close".getBytes(StandardCharsets.US_ASCII);
    private static final int TXN_ID_BLOCK = 1024;

    enum WriteKind { PUT, INSERT, DELETE }

    /** A commit whose change events wait until it is durable: its net row changes (first and last write per row). */
    private record Undelivered(long scn, long millis, List<TransactionImpl.Write[]> rows, String user, long txnId) {
    }

    private final Storage storage;
    private final boolean ownsStorage;
    private final TransactionOptions options;
    private final WaitEventsImpl waitEvents;
    private final SessionRegistryImpl sessions = new SessionRegistryImpl();
    private final LockManager locks;
    private final Tree commitTree;
    private final Tree undoTree;
    private final Tree metaTree;
    private final Tree scnTimeTree;
    private final Tree timeScnTree;
    private final ConcurrentHashMap<String, Tree> tables = new ConcurrentHashMap<>();
    /**
     * Tables whose drop has taken them out of {@link #tables} and whose tree may still be in the
     * store: a lookup of one is 42P01, it never opens the tree again. Added and unmapped in one
     * atomic step of the map (see {@link #table}).
     */
    private final Set<String> dropping = ConcurrentHashMap.newKeySet();
    /** txn id → commit SCN of every committed transaction (the durable commit table, in memory). */
    private final ConcurrentHashMap<Long, Long> committed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, TransactionImpl> active = new ConcurrentHashMap<>();

    private final ReentrantLock commitLock = new ReentrantLock();
    private long lastScn;
    private long lastCommitMillis;
    private long lastMappedSecond = -1;
    /** Guards the listener list and the in-order delivery of change events. */
    private final Object publishMonitor = new Object();
    /** Commits with listeners, in SCN order, whose events go out once they are durable. */
    private final ConcurrentLinkedDeque<Undelivered> undelivered = new ConcurrentLinkedDeque<>();
    private volatile long visibleScn;
    /**
     * Every commit with an SCN at or below this is durable. Commits become visible (and release
     * their locks) before their fsync, so this may trail {@link #visibleScn} (MVCC.md, "Early lock release").
     */
    private final AtomicLong durableScn = new AtomicLong();
    /**
     * SCN → LSN of the commit record of every visible commit not yet known to be durable. An entry
     * is added before the commit can be seen and removed only after a flush covered it.
     */
    private final ConcurrentSkipListMap<Long, Long> commitLsns = new ConcurrentSkipListMap<>();

    private final Object idLock = new Object();
    private long nextTxnId;
    private long reservedTxnId;
    private final AtomicLong nextSessionId = new AtomicLong();
    // Ended transactions by outcome, for TransactionStats (monitoring); LongAdder keeps commits uncontended.
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();

    private final Object horizonLock = new Object();
    private volatile long horizon;
    private final CopyOnWriteArrayList<VersionRetention> retentions = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ChangeDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final LockOwner gcOwner;
    private final Object asyncFlushLock = new Object();
    private ScheduledExecutorService asyncFlusher;
    /** Heads of dead transactions rolled back so far, by writers and by the recovery pass. */
    private final java.util.concurrent.atomic.AtomicLong recoveredVersions = new java.util.concurrent.atomic.AtomicLong();
    private final boolean cleanOpen;
    /**
     * The first transaction id of this run. A head whose writer is below it and has no commit
     * record belongs to a transaction a crash ended: dead, to be rolled back by whoever meets it
     * first (see "Recovery" in MVCC.md).
     */
    private final long firstTxnId;
    /** Rolls dead heads back after an open that followed a crash; null after a clean close. */
    private final Thread recovery;
    private volatile boolean recoveryDone;
    /**
     * The tables the recovery pass walks: those there when the store opened. Dead heads are rows of
     * transactions of an earlier run, so a table created since has none, and a pass that need not
     * wait for its writers' locks can finish (and a clean close be recorded) sooner.
     */
    private List<String> tablesAtOpen = List.of();
    /** True while the recovery pass runs; guarded for waiting by {@link #recoveredVersions}. */
    private volatile boolean recoveryRunning;
    /** The recovery pass's row locks (its own owner: VACUUM's may run at the same time). */
    private final LockOwner recoveryOwner = new LockOwner(0, null);
    private volatile boolean closed;
    /** Test seam: runs when a dropped table's tree has left the store (null in production). */
    volatile Runnable treeDroppedHook;
    /** Test seam: runs when a table being dropped has left the table map, before its tree leaves the store. */
    volatile Runnable treeDroppingHook;
    /** Test seam: runs between two batches of the recovery pass (null in production). */
    volatile Runnable recoveryBatchHook;

    /**
     * Opens the transaction layer on a storage the caller opened (with {@code waitEvents} as its
     * IoWaitListener, so storage waits land on sessions) and still owns.
     */
    public TransactionManagerImpl(Storage storage, TransactionOptions options, WaitEventsImpl waitEvents) {
        this(storage, false, options, waitEvents);
    }

    private TransactionManagerImpl(Storage storage, boolean ownsStorage, TransactionOptions options,
            WaitEventsImpl waitEvents) {
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.options = options;
        this.waitEvents = waitEvents;
        this.locks = new LockManager(waitEvents, options.deadlockCheckInterval().toNanos());
        this.gcOwner = new LockOwner(0, null);
        List<String> names = storage.treeNames();
        commitTree = tree(names, COMMIT_TREE);
        undoTree = tree(names, UNDO_TREE);
        metaTree = tree(names, META_TREE);
        scnTimeTree = tree(names, SCN_TIME_TREE);
        timeScnTree = tree(names, TIME_SCN_TREE);
        try (Cursor c = commitTree.cursor(null, true, null, true, false)) {
            while (c.next()) {
                long scn = Versions.getLong(c.value(), 0);
                committed.put(Versions.getLong(c.key(), 0), scn);
                lastScn = Math.max(lastScn, scn);
            }
        }
        lastScn = Math.max(lastScn, metaLong(META_LAST_SCN));
        horizon = metaLong(META_HORIZON);
        try (Cursor c = timeScnTree.cursor(null, true, null, true, true)) {
            if (c.next()) {
                lastCommitMillis = Versions.getLong(c.key(), 0);
                lastMappedSecond = lastCommitMillis / 1000;
            }
        }
        nextTxnId = metaLong(META_TXN_ID_RESERVED) + 1;
        reservedTxnId = nextTxnId - 1;
        firstTxnId = nextTxnId;
        cleanOpen = metaLong(META_CLEAN_CLOSE) == 1;
        finishInterruptedDrops(names);
        tablesAtOpen = storage.treeNames().stream().filter(n -> n.startsWith(TABLE_PREFIX))
                .map(n -> n.substring(TABLE_PREFIX.length())).toList();
        metaTree.put(META_CLEAN_CLOSE, Versions.longBytes(0));
        storage.commit("cairn.txn open".getBytes(StandardCharsets.US_ASCII));
        visibleScn = lastScn;
        durableScn.set(lastScn);
        recoveryDone = cleanOpen;
        if (cleanOpen || !startRecoveryPass) {
            recovery = null;
        } else {
            // after a crash the tables are read in the background: opening takes no longer with more
            // data, and a damaged page fails that table's reads, not the open
            recovery = new Thread(this::recoverDeadHeads, "cairn-txn-recovery");
            recovery.setDaemon(true);
            recoveryRunning = true;
            recovery.start();
        }
    }

    /** Opens the storage in {@code dir} with this layer's wait hook and the layer on it; close() closes both. */
    public static TransactionManagerImpl open(Path dir, StorageOptions storageOptions, TransactionOptions options) {
        WaitEventsImpl waits = new WaitEventsImpl();
        Storage storage = Storage.open(dir, storageOptions.withIoWaitListener(waits));
        try {
            return new TransactionManagerImpl(storage, true, options, waits);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    private Tree tree(List<String> names, String name) {
        return names.contains(name) ? storage.openTree(name) : storage.createTree(name);
    }

    private long metaLong(byte[] key) {
        byte[] v = metaTree.get(key);
        return v == null ? 0 : Versions.getLong(v, 0);
    }

    @Override
    public Storage storage() {
        return storage;
    }

    LockManager lockManager() {
        return locks;
    }

    /** Row versions of transactions without a commit record that open() rolled back. */
    long recoveredVersions() {
        return recoveredVersions.get();
    }

    /** True when the previous close was clean, so open did not scan the tables for uncommitted heads. */
    boolean openedClean() {
        return cleanOpen;
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Records that no table holds an uncommitted head, so the next open need not scan them: only
     * when closing the sessions ended every transaction and the store still takes writes.
     */
    private void markCleanClose() {
        if (!active.isEmpty() || storage.failure() != null || !recoveryDone) {
            return; // dead heads may remain: the next open runs the recovery pass again
        }
        try {
            metaTree.put(META_CLEAN_CLOSE, Versions.longBytes(1));
            storage.commit("cairn.txn close".getBytes(StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            // the next open scans, as after a crash
            System.getLogger(TransactionManagerImpl.class.getName()).log(System.Logger.Level.WARNING,
                    "could not record a clean close; the next open checks every table", e);
        }
    }

    /**
     * Rolls back every head written by a transaction with no commit record: the crash interrupted
     * it, or another transaction's commit made its uncommitted writes durable. The replaced
     * version comes back from the undo tree via the head's previous-SCN field.
     */
    /** Whether {@code head} was written by a transaction a crash ended (no commit record, an earlier run's id). */
    private boolean isDead(byte[] head) {
        if (Versions.writerIsScn(head)) {
            return false;
        }
        long w = Versions.writer(head);
        return w < firstTxnId && !committed.containsKey(w);
    }

    /**
     * Rolls back a dead head of {@code key}, which the caller holds the row lock of: its
     * previous committed version (kept in the undo tree under the head's previous SCN) becomes
     * the head again, or the row goes if the dead transaction inserted it. Returns the head now.
     * Idempotent: a crash before the next log point leaves the dead head for the next run.
     */
    private byte[] rollBackDeadHead(Tree tree, String table, byte[] key, byte[] head) {
        long prev = Versions.prevScn(head);
        byte[] undoKey = prev == 0 ? null : Versions.undoKey(Versions.undoPrefix(table, key), prev);
        byte[] undo = undoKey == null ? null : undoTree.get(undoKey);
        recoveredVersions.incrementAndGet();
        if (undo == null) {
            tree.remove(key);
            return null;
        }
        byte[] restored = Versions.headFromUndo(undo, prev);
        tree.put(key, restored);
        undoTree.remove(undoKey);
        return restored;
    }

    /**
     * The recovery pass after a crash: every table's dead heads rolled back under row locks
     * (a writer that meets one first rolls it back itself). Readers never wait for it: a dead
     * head is invisible to every snapshot, which reads the previous version from the undo tree.
     */
    private void recoverDeadHeads() {
        System.Logger log = System.getLogger(TransactionManagerImpl.class.getName());
        boolean complete = true;
        try {
            for (String table : tablesAtOpen) {
                if (closed) {
                    return;
                }
                try {
                    complete &= recoverTable(table);
                } catch (TransactionException e) {
                    // dropped meanwhile
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    complete = false;
                    log.log(System.Logger.Level.ERROR, "recovery could not read table " + table
                            + "; its rows of transactions a crash ended stay invisible and are rolled back when written", e);
                }
            }
            if (recoveredVersions.get() > 0) {
                log.log(System.Logger.Level.INFO, "rolled back {0} row versions of transactions without a commit record",
                        recoveredVersions.get());
            }
        } finally {
            recoveryDone = complete && !closed;
            synchronized (recoveredVersions) {
                recoveryRunning = false;
                recoveredVersions.notifyAll();
            }
        }
    }

    /**
     * One table's pass, a batch of keys at a time; false if a row stayed locked (its writer rolls
     * it back). Each batch holds the table SHARED, as a writer does, and looks the tree up again
     * under it: a drop (core.sql drops unreferenced trees as it opens, while this pass runs) waits
     * for the batch, and a table dropped between batches ends the walk of it, not the pass.
     */
    private boolean recoverTable(String table) {
        LockManager.LockKey tableKey = new LockManager.LockKey(table, null);
        byte[] from = null;
        boolean complete = true;
        for (;;) {
            if (!lockTableForRecovery(tableKey)) {
                return false; // closing
            }
            try {
                Tree tree;
                try {
                    tree = table(table);
                } catch (TransactionException e) {
                    return complete; // dropped: its dead heads went with it
                }
                List<byte[]> dead = new ArrayList<>();
                byte[] last = null;
                int scanned = 0;
                // bounded in keys read too, so DDL waiting for the table waits for a short batch only
                try (Cursor c = tree.cursor(from, from == null, null, true, false)) {
                    while (dead.size() < 1024 && scanned++ < 8192 && c.next()) {
                        last = c.key();
                        if (isDead(c.value())) {
                            dead.add(last);
                        }
                    }
                }
                for (byte[] key : dead) {
                    LockManager.LockKey lockKey = new LockManager.LockKey(table, key);
                    if (!locks.tryAcquire(recoveryOwner, lockKey, TableLockMode.EXCLUSIVE)) {
                        complete = false;
                        continue;
                    }
                    try {
                        byte[] head = tree.get(key);
                        if (head != null && isDead(head)) {
                            rollBackDeadHead(tree, table, key, head);
                        }
                    } finally {
                        locks.release(recoveryOwner, lockKey);
                    }
                }
                if (last == null || closed) {
                    return complete;
                }
                from = last;
            } finally {
                locks.release(recoveryOwner, tableKey);
            }
            Runnable hook = recoveryBatchHook;
            if (hook != null) {
                hook.run();
            }
        }
    }

    /**
     * Takes the table SHARED for one batch without joining a lock queue (the pass never waits in
     * the wait-for graph): while DDL holds it EXCLUSIVE (a drop, a CREATE INDEX build), polls.
     * False once the manager closes.
     */
    private boolean lockTableForRecovery(LockManager.LockKey tableKey) {
        while (!locks.tryAcquire(recoveryOwner, tableKey, TableLockMode.SHARED)) {
            if (closed) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Tests turn the background pass off to see writers and readers meet dead heads first. */
    static volatile boolean startRecoveryPass = true;

    /** Runs the recovery pass on the calling thread (tests that turned the background pass off). */
    void runRecoveryPass() {
        recoverDeadHeads();
    }

    /** Waits for the recovery pass after a crash (tests, tools); true if it finished. */
    boolean awaitRecovery(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        synchronized (recoveredVersions) {
            while (recoveryRunning) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                recoveredVersions.wait(left);
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- sessions and transactions

    @Override
    public Session openSession(String user, String clientInfo) {
        checkOpen();
        SessionImpl s = new SessionImpl(this, nextSessionId.incrementAndGet(), user, clientInfo);
        sessions.add(s);
        return s;
    }

    void sessionClosed(SessionImpl s) {
        sessions.remove(s);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the transaction manager is closed");
        }
    }

    private long nextTxnId() {
        synchronized (idLock) {
            long id = nextTxnId++;
            if (id > reservedTxnId) {
                // a version written by this id can only reach disk in a log group that also holds this put
                reservedTxnId = id + TXN_ID_BLOCK - 1;
                metaTree.put(META_TXN_ID_RESERVED, Versions.longBytes(reservedTxnId));
            }
            return id;
        }
    }

    TransactionImpl begin(SessionImpl session, IsolationLevel isolation, long asOfScn, long startNanos) {
        checkOpen();
        if (isolation == IsolationLevel.SERIALIZABLE) {
            throw new TransactionException(TransactionException.FEATURE_NOT_SUPPORTED,
                    "SERIALIZABLE is not supported yet; use SNAPSHOT (REPEATABLE READ) or READ COMMITTED");
        }
        IsolationLevel level = isolation == IsolationLevel.REPEATABLE_READ ? IsolationLevel.SNAPSHOT : isolation;
        TransactionImpl t = new TransactionImpl(this, session, nextTxnId(), level, asOfScn >= 0,
                options.lockTimeout().toNanos(), startNanos);
        if (asOfScn >= 0) {
            t.snapshotScn = asOfScn;
            synchronized (horizonLock) {
                if (asOfScn < horizon) {
                    throw new TransactionException(TransactionException.SNAPSHOT_TOO_OLD, "snapshot too old: SCN "
                            + asOfScn + " is below the retention horizon " + horizon);
                }
                if (asOfScn > visibleScn) {
                    throw new TransactionException(TransactionException.INVALID_PARAMETER_VALUE,
                            "SCN " + asOfScn + " is in the future (current SCN " + visibleScn + ")");
                }
                active.put(t.txnId, t);
            }
        } else {
            active.put(t.txnId, t);
            t.snapshotScn = visibleScn;
        }
        return t;
    }

    @Override
    public long currentScn() {
        return visibleScn;
    }

    /**
     * The table's tree, or 42P01. A caller that holds no table lock (a reader) may be handed a
     * tree a concurrent drop then removes: it turns the storage layer's "dropped" error into 42P01
     * with {@link #undefinedIfDropped}. Writers look the tree up again once they hold the table.
     */
    Tree table(String table) {
        Tree t = tables.get(table);
        if (t != null) {
            return t;
        }
        // atomic with dropTable's compute of the same name: never re-maps a tree being dropped
        return tables.computeIfAbsent(table, name -> {
            if (dropping.contains(name) || !storage.treeNames().contains(TABLE_PREFIX + name)) {
                throw undefinedTable(name);
            }
            return storage.openTree(TABLE_PREFIX + name);
        });
    }

    private static TransactionException undefinedTable(String table) {
        return new TransactionException(TransactionException.UNDEFINED_TABLE, "table " + table + " does not exist");
    }

    /**
     * {@code e} came from {@code tree}: if a drop has removed that tree from the table since it was
     * looked up, the table is undefined now (42P01); any other failure is {@code e} itself.
     */
    private RuntimeException undefinedIfDropped(String table, Tree tree, IllegalStateException e) {
        Tree now;
        try {
            now = table(table);
        } catch (TransactionException gone) {
            gone.addSuppressed(e);
            return gone;
        }
        if (now != tree) {
            TransactionException gone = undefinedTable(table);
            gone.addSuppressed(e);
            return gone;
        }
        return e;
    }

    // ---------------------------------------------------------------- reads

    /** The commit SCN of a head visible at {@code snapshot}, 0 for the reader's own write, -1 if not visible. */
    private long visibleAt(byte[] head, long snapshot, long self) {
        long w = Versions.writer(head);
        if (Versions.writerIsScn(head)) {
            return w <= snapshot ? w : -1;
        }
        if (w == self) {
            return 0;
        }
        Long scn = committed.get(w);
        return scn != null && scn <= snapshot ? scn : -1;
    }

    byte[] read(TransactionImpl t, String table, byte[] key, long snapshot) {
        Tree tree = table(table);
        try {
            return readVersion(t, tree, table, key, tree.get(key), snapshot);
        } catch (IllegalStateException e) {
            throw undefinedIfDropped(table, tree, e);
        }
    }

    /**
     * Notes that {@code t} read (or, for a delete, did not find a row because of) the version
     * committed at {@code scn}. A transaction that has written nothing has no later commit record
     * to order it behind that commit, so it waits here until the commit is durable: it never
     * hands its caller a version a crash could still take back (MVCC.md, "Early lock release").
     */
    private void observed(TransactionImpl t, long scn) {
        if (scn > t.seenScn) {
            t.seenScn = scn;
        }
        if (scn > durableScn.get() && t.writes.isEmpty()) {
            awaitDurable(scn, t.txnId);
        }
    }

    /**
     * Returns once the commit with SCN {@code scn} (and every earlier one) is durable: at once if
     * it is known to be, else by joining the group commit that covers its commit record.
     */
    private void awaitDurable(long scn, long txnId) {
        if (scn <= durableScn.get()) {
            return;
        }
        Long lsn = commitLsns.get(scn);
        if (lsn != null) {
            try {
                storage.flush(lsn);
            } catch (RuntimeException e) {
                // SQLSTATE 58030 (I/O error): the commit this transaction read may be lost; show nothing of it
                // the reader named only here: a read-only commit calls this every time
                String reader = txnId == 0 ? "VACUUM" : "transaction " + txnId;
                throw new TransactionException("58030", reader + " read the commit at SCN " + scn
                        + ", which could not be made durable: " + e.getMessage(), e);
            }
        }
        markDurable(scn);
    }

    /**
     * Records that the commit {@code scn} is durable, and so every commit before it: SCNs are
     * assigned in log order. Delivers the change events that were waiting for it.
     */
    private void markDurable(long scn) {
        if (durableScn.get() < scn) {
            durableScn.accumulateAndGet(scn, Math::max);
            commitLsns.headMap(scn, true).clear();
        }
        if (!undelivered.isEmpty()) {
            deliverDurableEvents();
        }
    }

    /**
     * The row visible at {@code snapshot}: the head if its writer is visible, else the newest undo
     * version at or below the snapshot. The head is re-read after the undo lookup: if a rollback
     * changed it meanwhile, the lookup may have raced with the undo entry's removal, so retry.
     */
    private byte[] readVersion(TransactionImpl t, Tree tree, String table, byte[] key, byte[] head, long snapshot) {
        byte[] prefix = null;
        for (;;) {
            if (head == null) {
                return null;
            }
            long scn = visibleAt(head, snapshot, t.txnId);
            if (scn >= 0) {
                observed(t, scn);
                return Versions.row(head);
            }
            if (prefix == null) {
                prefix = Versions.undoPrefix(table, key);
            }
            byte[] undo = null;
            long undoScn = 0;
            try (Cursor c = undoTree.cursor(Versions.undoKey(prefix, snapshot), true, Versions.undoKey(prefix, 0), true,
                    false)) {
                if (c.next()) {
                    undo = c.value();
                    undoScn = Versions.undoKeyScn(c.key());
                }
            }
            byte[] again = tree.get(key);
            if (Versions.sameHeader(head, again)) {
                if (undo == null) {
                    return null; // the row did not exist at the snapshot
                }
                observed(t, undoScn);
                return Versions.undoRow(undo);
            }
            head = again;
        }
    }

    RowCursor scan(TransactionImpl t, String table, byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive,
            boolean reverse, long snapshot) {
        Tree tree = table(table);
        Cursor c;
        try {
            c = tree.cursor(from, fromInclusive, to, toInclusive, reverse);
        } catch (IllegalStateException e) {
            throw undefinedIfDropped(table, tree, e);
        }
        // one object for both: a point select opens a cursor per statement
        return new VersionCursor(t, c, new RowOfHead() {
            @Override
            public byte[] row(byte[] key, byte[] head) {
                return readVersion(t, tree, table, key, head, snapshot);
            }

            @Override
            public RuntimeException dropped(IllegalStateException e) {
                return undefinedIfDropped(table, tree, e);
            }
        });
    }

    /** What a scan returns of a key's head: the row, or null to skip the key. */
    private interface RowOfHead {
        byte[] row(byte[] key, byte[] head);

        /** The storage layer's error for a tree dropped under the cursor, as the cursor's caller sees it. */
        default RuntimeException dropped(IllegalStateException e) {
            return e;
        }
    }

    /** A tree cursor that turns heads into rows, bound to the transaction's session while it moves. */
    private static final class VersionCursor implements RowCursor {
        private final TransactionImpl t;
        private final Cursor c;
        private final RowOfHead rowOf;
        private byte[] key;
        private byte[] value;
        private boolean closed;

        VersionCursor(TransactionImpl t, Cursor c, RowOfHead rowOf) {
            this.t = t;
            this.c = c;
            this.rowOf = rowOf;
        }

        @Override
        public boolean next() {
            if (closed) {
                return false;
            }
            SessionImpl prev = t.session.bind();
            try {
                while (c.next()) {
                    byte[] k = c.key();
                    byte[] row = rowOf.row(k, c.value());
                    if (row != null) {
                        key = k;
                        value = row;
                        return true;
                    }
                }
                return false;
            } catch (IllegalStateException e) {
                throw rowOf.dropped(e);
            } finally {
                t.session.unbind(prev);
            }
        }

        @Override
        public byte[] key() {
            return key;
        }

        @Override
        public byte[] value() {
            return value;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                c.close();
                t.cursorClosed();
            }
        }
    }

    /**
     * Every row's newest committed version (or the caller's own), under the caller's EXCLUSIVE
     * table lock: no other transaction can hold an uncommitted head then, so every head not
     * written by the caller is committed and published.
     */
    RowCursor scanNewest(TransactionImpl t, String table) {
        table(table);
        locks.acquire(t, new LockManager.LockKey(table, null), TableLockMode.EXCLUSIVE, t.lockTimeoutNanos());
        Tree tree = table(table); // again under the lock: a drop may have run while it waited
        // the EXCLUSIVE lock keeps drops out while the cursor is open
        return new VersionCursor(t, tree.cursor(null, true, null, true, false), (k, head) -> {
            boolean own = !Versions.writerIsScn(head) && Versions.writer(head) == t.txnId;
            if (!own && isDead(head)) { // a crash ended its writer: the version before it is the newest committed
                long prev = Versions.prevScn(head);
                byte[] undo = prev == 0 ? null : undoTree.get(Versions.undoKey(Versions.undoPrefix(table, k), prev));
                return undo == null ? null : Versions.undoRow(undo);
            }
            if (!own) {
                // fails loudly if the lock did not keep other writers out
                t.seenScn = Math.max(t.seenScn, commitScnOf(head));
            }
            return Versions.deleted(head) ? null : Versions.row(head);
        });
    }

    /**
     * Bulk-loads an empty table as the caller's writes: heads {writer = txn id, prevScn = 0}, as
     * an insert of a new key would write, so commit, recovery and VACUUM treat them like any
     * other; one write-log entry stands for them all.
     */
    long load(TransactionImpl t, String table, RowCursor rows, int fillPercent) {
        table(table);
        locks.acquire(t, new LockManager.LockKey(table, null), TableLockMode.EXCLUSIVE, t.lockTimeoutNanos());
        Tree tree = table(table); // again under the lock: a drop may have run while it waited
        try (Cursor c = tree.cursor(null, true, null, true, false)) {
            if (c.next()) {
                throw new IllegalStateException("table " + table + " is not empty: only an empty table can be loaded");
            }
        }
        long writer = t.txnId;
        t.writes.add(new TransactionImpl.Write(table, null, null, -1, null));
        return tree.load(new Cursor() {
            private byte[] key;
            private byte[] value;

            @Override
            public boolean next() {
                if (!rows.next()) {
                    return false;
                }
                key = rows.key();
                value = Versions.head(0, writer, 0, rows.value());
                return true;
            }

            @Override
            public byte[] key() {
                return key;
            }

            @Override
            public byte[] value() {
                return value;
            }

            @Override
            public void close() {
                rows.close();
            }
        }, fillPercent);
    }

    /** Undoes a load: every row left in the table is one of the load's (later writes were undone first). */
    private void emptyTable(Tree tree) {
        for (;;) {
            List<byte[]> batch = new ArrayList<>();
            try (Cursor c = tree.cursor(null, true, null, true, false)) {
                while (batch.size() < 1024 && c.next()) {
                    batch.add(c.key());
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            for (byte[] k : batch) {
                tree.remove(k);
            }
        }
    }

    // ---------------------------------------------------------------- writes

    /** The commit SCN of a head this caller holds the row lock of and did not write. */
    private long commitScnOf(byte[] head) {
        long w = Versions.writer(head);
        if (Versions.writerIsScn(head)) {
            return w;
        }
        Long scn = committed.get(w);
        if (scn == null) {
            throw new IllegalStateException("row version of transaction " + w + " is neither committed nor locked");
        }
        return scn;
    }

    /**
     * Locks the table SHARED (once per transaction) and the row, and returns the table's tree,
     * looked up once the table lock is held: a drop that ran while the lock waited makes it 42P01,
     * never a write to the dropped tree. Row locks are EXCLUSIVE for writes; SHARED only for
     * SELECT ... FOR SHARE (a write upgrades it).
     */
    private Tree lockRow(TransactionImpl t, String table, byte[] key, TableLockMode mode) {
        lockTable(t, table);
        Tree tree = table(table);
        locks.acquire(t, new LockManager.LockKey(table, key), mode, t.lockTimeoutNanos());
        return tree;
    }

    /** The table's SHARED lock for DML: 42P01 for an unknown table first, as every row call. */
    private void lockTable(TransactionImpl t, String table) {
        table(table);
        t.lockTableForDml(table);
    }

    boolean tryLockRow(TransactionImpl t, String table, byte[] key, TableLockMode mode) {
        lockTable(t, table);
        table(table); // again under the lock: 42P01 if a drop ran while it waited
        return locks.tryAcquire(t, new LockManager.LockKey(table, key.clone()), mode);
    }

    private static TransactionException conflict(TransactionImpl t, String table, long scn) {
        return new TransactionException(TransactionException.SERIALIZATION_FAILURE,
                "could not serialize access due to concurrent update: a row of " + table + " was changed at SCN " + scn
                        + ", after the snapshot SCN " + t.snapshotScn + " of transaction " + t.txnId);
    }

    /**
     * Locks the row (EXCLUSIVE for FOR UPDATE, SHARED for FOR SHARE) and returns its newest
     * committed version or this transaction's own: while the lock is held nobody else can write it.
     */
    byte[] lockForUpdate(TransactionImpl t, String table, byte[] key, TableLockMode mode) {
        Tree tree = lockRow(t, table, key.clone(), mode);
        byte[] head = tree.get(key);
        if (head != null && isDead(head)) {
            head = rollBackDeadHead(tree, table, key.clone(), head);
        }
        if (head == null) {
            return null;
        }
        if (!Versions.writerIsScn(head) && Versions.writer(head) == t.txnId) {
            return Versions.row(head);
        }
        long c = commitScnOf(head);
        if (t.isolation() == IsolationLevel.SNAPSHOT && c > t.snapshotScn) {
            throw conflict(t, table, c);
        }
        // no wait for durability under the row lock (that is what early lock release avoids): commit orders it
        t.seenScn = Math.max(t.seenScn, c);
        return Versions.row(head);
    }

    /**
     * Writes a new head under the row lock. A committed head is first copied to the undo tree
     * under its commit SCN; SNAPSHOT fails with 40001 if that SCN is newer than the snapshot.
     */
    boolean write(TransactionImpl t, String table, byte[] key, byte[] value, WriteKind kind) {
        byte[] k = key.clone();
        Tree tree = lockRow(t, table, k, TableLockMode.EXCLUSIVE);
        byte[] head;
        if (value != null) {
            // a new key gets the head an insert of nothing writes ({txn id, prevScn 0}), in the
            // same descent that finds an existing head; an existing head is left for the rules below
            byte[] fresh = Versions.head(0, t.txnId, 0, value);
            head = tree.putIfAbsent(k, fresh);
            if (head == null) {
                t.writes.add(new TransactionImpl.Write(table, k, null, -1, fresh));
                return true;
            }
        } else {
            head = tree.get(k);
        }
        if (head != null && isDead(head)) {
            head = rollBackDeadHead(tree, table, k, head); // a crash ended its writer: undone before ours
        }
        boolean own = head != null && !Versions.writerIsScn(head) && Versions.writer(head) == t.txnId;
        long c = 0;
        if (head != null && !own) {
            c = commitScnOf(head);
            if (t.isolation() == IsolationLevel.SNAPSHOT && c > t.snapshotScn) {
                throw conflict(t, table, c);
            }
            t.seenScn = Math.max(t.seenScn, c); // even if nothing is written (INSERT of an existing key)
        }
        boolean exists = head != null && !Versions.deleted(head);
        if ((kind == WriteKind.INSERT && exists) || (kind == WriteKind.DELETE && !exists)) {
            return false;
        }
        long prevScn = own ? Versions.prevScn(head) : c;
        byte[] newHead = Versions.head(value == null ? Versions.DELETED : 0, t.txnId, prevScn, value);
        long undoScn = -1;
        if (head != null && !own) {
            undoScn = c;
            undoTree.put(Versions.undoKey(Versions.undoPrefix(table, k), c), Versions.undoValue(head));
        }
        tree.put(k, newHead);
        t.writes.add(new TransactionImpl.Write(table, k, head, undoScn, newHead));
        return true;
    }

    /** Undoes writes down to {@code position}, newest first: head restored before its undo entry goes. */
    void undoWrites(TransactionImpl t, int position) {
        List<TransactionImpl.Write> writes = t.writes;
        for (int i = writes.size() - 1; i >= position; i--) {
            TransactionImpl.Write w = writes.get(i);
            Tree tree = table(w.table());
            if (w.isLoad()) {
                emptyTable(tree);
            } else if (w.priorHead() == null) {
                tree.remove(w.key());
            } else if (w.undoScn() >= 0) {
                // another transaction's committed head: restore it stamped, its commit record may be pruned
                tree.put(w.key(), Versions.stamped(w.priorHead(), w.undoScn()));
            } else {
                tree.put(w.key(), w.priorHead());
            }
            if (w.undoScn() >= 0) {
                undoTree.remove(Versions.undoKey(Versions.undoPrefix(w.table(), w.key()), w.undoScn()));
            }
            writes.remove(i);
        }
    }

    void rollback(TransactionImpl t, TransactionImpl.State state) {
        try {
            undoWrites(t, 0);
        } finally {
            finish(t, state);
        }
    }

    private void finish(TransactionImpl t, TransactionImpl.State state) {
        (state == TransactionImpl.State.COMMITTED ? commits : rollbacks).increment();
        locks.releaseAll(t);
        active.remove(t.txnId);
        t.ended(state);
    }

    // ---------------------------------------------------------------- commit

    /**
     * Early lock release (MVCC.md): under the commit lock, assigns the SCN, puts the commit record
     * and logs it (so SCN order is log order), and publishes the commit to new snapshots; then
     * releases the locks, and only then waits for the group commit that makes the record durable.
     * Lock holders therefore never wait for an fsync, and the committers queued on a hot row
     * share one. Whoever reads the commit before it is durable is ordered behind it: a writer by
     * its own later commit record, a transaction that wrote nothing by {@link #awaitDurable}.
     */
    long commit(TransactionImpl t, CommitMode mode) {
        if (t.writes.isEmpty()) {
            finish(t, TransactionImpl.State.COMMITTED);
            // nothing of ours to log: acknowledge only once every commit we read is durable
            awaitDurable(t.seenScn, t.txnId);
            return 0;
        }
        List<TransactionImpl.Write[]> rows = deliveries.isEmpty() ? null : netChanges(t);
        long scn;
        long lsn;
        if (!commitLock.tryLock()) {
            long t0 = System.nanoTime();
            SessionImpl s = t.session;
            s.beginWait(WaitEvents.COMMIT_LOCK, WaitClass.CONCURRENCY, 0);
            commitLock.lock();
            s.clearWait();
            waitEvents.record(WaitEvents.COMMIT_LOCK, WaitClass.CONCURRENCY, System.nanoTime() - t0);
        }
        try {
            scn = lastScn + 1;
            long now = Math.max(System.currentTimeMillis(), lastCommitMillis);
            byte[] id = Versions.longBytes(t.txnId);
            byte[] record = new byte[16];
            Versions.putLong(record, 0, scn);
            Versions.putLong(record, 8, now);
            commitTree.put(id, record);
            metaTree.put(META_LAST_SCN, Versions.longBytes(scn));
            if (now / 1000 != lastMappedSecond) {
                scnTimeTree.put(Versions.longBytes(scn), Versions.longBytes(now));
                timeScnTree.put(Versions.longBytes(now), Versions.longBytes(scn));
                lastMappedSecond = now / 1000;
            }
            byte[] payload = new byte[16];
            Versions.putLong(payload, 0, t.txnId);
            Versions.putLong(payload, 8, scn);
            try {
                lsn = storage.logPoint(payload);
            } catch (RuntimeException e) {
                commitTree.remove(id);
                throw new TransactionException(TransactionException.TRANSACTION_RESOLUTION_UNKNOWN,
                        "could not log the commit of transaction " + t.txnId + ": " + e.getMessage(), e);
            }
            lastScn = scn;
            lastCommitMillis = now;
            commitLsns.put(scn, lsn); // before anyone can see the commit: readers look its LSN up here
            committed.put(t.txnId, scn);
            if (rows != null) {
                undelivered.addLast(new Undelivered(scn, now, rows, t.session.user(), t.txnId));
            }
            visibleScn = scn; // SCNs are assigned under this lock, so publication is in SCN order
        } finally {
            commitLock.unlock();
        }
        finish(t, TransactionImpl.State.COMMITTED); // early lock release: the record is logged, not yet durable
        if (mode == CommitMode.SYNC) {
            try {
                storage.flush(lsn);
            } catch (RuntimeException e) {
                throw new TransactionException(TransactionException.TRANSACTION_RESOLUTION_UNKNOWN, "commit of transaction "
                        + t.txnId + " at SCN " + scn + " may not be durable: " + e.getMessage(), e);
            }
            markDurable(scn);
        } else {
            scheduleAsyncFlush();
        }
        return scn;
    }

    /**
     * Offers the events of every commit that is durable now to the listeners, in SCN order: a
     * listener never sees a commit a crash could take back, or one whose fsync failed.
     */
    private void deliverDurableEvents() {
        synchronized (publishMonitor) {
            Undelivered u;
            while ((u = undelivered.peekFirst()) != null && u.scn() <= durableScn.get()) {
                undelivered.pollFirst();
                List<ChangeEvent> events = changeEvents(u);
                for (ChangeDelivery d : deliveries) {
                    d.offer(events, u.scn());
                }
            }
        }
    }

    /** Per row written, in first-write order: its first and its last write. */
    private static List<TransactionImpl.Write[]> netChanges(TransactionImpl t) {
        Map<LockManager.LockKey, TransactionImpl.Write[]> rows = new LinkedHashMap<>();
        for (TransactionImpl.Write w : t.writes) {
            if (w.isLoad()) {
                continue; // loaded rows are derived data (an index); they raise no events
            }
            TransactionImpl.Write[] fl = rows.computeIfAbsent(new LockManager.LockKey(w.table(), w.key()),
                    k -> new TransactionImpl.Write[] {w, w});
            fl[1] = w;
        }
        return new ArrayList<>(rows.values());
    }

    /** The net change per row, in first-write order: before = the committed row it replaced. */
    private static List<ChangeEvent> changeEvents(Undelivered u) {
        Instant time = Instant.ofEpochMilli(u.millis());
        List<ChangeEvent> events = new ArrayList<>(u.rows().size());
        for (TransactionImpl.Write[] fl : u.rows()) {
            byte[] before = fl[0].priorHead() == null ? null : Versions.row(fl[0].priorHead());
            byte[] after = Versions.row(fl[1].newHead());
            if (before != null || after != null) {
                events.add(new ChangeEvent(fl[0].table(), fl[0].key(), before, after, u.scn(), time, u.user(),
                        u.txnId()));
            }
        }
        return List.copyOf(events);
    }

    private void scheduleAsyncFlush() {
        synchronized (asyncFlushLock) {
            if (asyncFlusher == null) {
                asyncFlusher = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread th = new Thread(r, "cairn-async-commit-flush");
                    th.setDaemon(true);
                    return th;
                });
                long delay = options.asyncCommitDelay().toNanos();
                asyncFlusher.scheduleWithFixedDelay(this::flushAsync, delay, delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Makes the newest commit, and so every earlier one, durable. */
    private void flushAsync() {
        Map.Entry<Long, Long> newest = commitLsns.lastEntry();
        if (newest == null) {
            return;
        }
        try {
            storage.flush(newest.getValue());
            markDurable(newest.getKey());
        } catch (RuntimeException e) {
            System.getLogger(getClass().getName()).log(System.Logger.Level.ERROR, "async commit flush failed", e);
        }
    }

    // ---------------------------------------------------------------- SCN ↔ time

    /**
     * The map holds the first commit of every second with commits, so the commits between two
     * entries share the first one's second: a time in a later second sees all of them, a time in
     * the same second only the first (never a commit from after the time's second).
     */
    @Override
    public long scnAt(Instant time) {
        long millis = time.toEpochMilli();
        try (Cursor c = timeScnTree.cursor(null, true, Versions.longBytes(millis), true, true)) {
            if (!c.next()) {
                return 0;
            }
            long scn = Versions.getLong(c.value(), 0);
            if (Math.floorDiv(Versions.getLong(c.key(), 0), 1000) == Math.floorDiv(millis, 1000)) {
                return scn;
            }
            try (Cursor n = scnTimeTree.cursor(Versions.longBytes(scn), false, null, true, false)) {
                return n.next() ? Versions.getLong(n.key(), 0) - 1 : visibleScn;
            }
        }
    }

    @Override
    public Instant timeOf(long scn) {
        try (Cursor c = scnTimeTree.cursor(null, true, Versions.longBytes(scn), true, true)) {
            return c.next() ? Instant.ofEpochMilli(Versions.getLong(c.value(), 0)) : null;
        }
    }

    // ---------------------------------------------------------------- retention and garbage collection

    /**
     * min(durable SCN, every active snapshot, every retention's SCN), never below the current
     * horizon. Durable rather than visible: garbage collection must not erase the trace (a delete
     * marker, a commit record) of a commit a reader would otherwise have to wait for.
     */
    private long candidateHorizon() {
        long h = Math.min(visibleScn, durableScn.get());
        for (TransactionImpl t : active.values()) {
            long s;
            while ((s = t.snapshotScn) == TransactionImpl.PENDING) {
                Thread.onSpinWait();
            }
            if (t.isActive()) {
                h = Math.min(h, s);
            }
        }
        for (VersionRetention r : retentions) {
            try {
                h = Math.min(h, r.retainFromScn());
            } catch (RuntimeException e) {
                // a failing retention keeps everything: better too much undo than a broken flashback
                h = Math.min(h, horizon);
            }
        }
        return Math.max(h, horizon);
    }

    @Override
    public long retentionHorizon() {
        return horizon;
    }

    @Override
    public VacuumResult vacuum() {
        checkOpen();
        awaitDurable(visibleScn, 0); // usually at once; lets the horizon reach the current SCN
        long h;
        synchronized (horizonLock) {
            h = candidateHorizon();
            if (h != horizon) {
                metaTree.put(META_HORIZON, Versions.longBytes(h));
                horizon = h;
            }
        }
        long[] counts = new long[3];
        walkUndo(h, true, counts);
        walkHeads(h, true, counts);
        return new VacuumResult(h, counts[0], counts[1], counts[2]);
    }

    @Override
    public VersionStats versionStats() {
        long h;
        synchronized (horizonLock) {
            h = candidateHorizon();
        }
        long[] counts = new long[3];
        long total = walkUndo(h, false, counts);
        walkHeads(h, false, counts);
        return new VersionStats(h, total, counts[0] + counts[1]);
    }

    /**
     * Visits the undo tree row by row; per row, every version older than the newest one at or
     * below {@code h} is dead. Returns the number of undo entries. counts: [versions, rows, skipped].
     */
    private long walkUndo(long h, boolean remove, long[] counts) {
        long total = 0;
        byte[] groupPrefix = null;
        List<Long> scns = new ArrayList<>();
        try (Cursor c = undoTree.cursor(null, true, null, true, false)) {
            while (c.next()) {
                total++;
                byte[] k = c.key();
                byte[] prefix = Versions.undoKeyPrefix(k);
                if (groupPrefix != null && !Arrays.equals(prefix, groupPrefix)) {
                    collectGroup(groupPrefix, scns, h, remove, counts);
                    scns.clear();
                }
                groupPrefix = prefix;
                scns.add(Versions.undoKeyScn(k));
            }
        }
        if (groupPrefix != null) {
            collectGroup(groupPrefix, scns, h, remove, counts);
        }
        return total;
    }

    private void collectGroup(byte[] prefix, List<Long> scnsDescending, long h, boolean remove, long[] counts) {
        KeyDecoder d = KeyDecoder.of(prefix);
        String table = d.readString();
        byte[] key = d.readBytes();
        Tree tree;
        try {
            tree = table(table);
        } catch (TransactionException e) {
            tree = null;
        }
        LockManager.LockKey lockKey = new LockManager.LockKey(table, key);
        if (remove && tree != null && !locks.tryAcquire(gcOwner, lockKey, TableLockMode.EXCLUSIVE)) {
            counts[2]++;
            return;
        }
        try {
            byte[] head = null;
            if (tree != null) {
                try {
                    head = tree.get(key);
                } catch (IllegalStateException e) {
                    RuntimeException r = undefinedIfDropped(table, tree, e);
                    if (!(r instanceof TransactionException)) {
                        throw r;
                    }
                    // dropped since it was looked up (VACUUM takes no table lock): its undo goes with it
                }
            }
            boolean covered = head == null || isCommittedAtOrBelow(head, h);
            for (long scn : scnsDescending) {
                if (covered) {
                    counts[0]++;
                    if (remove) {
                        undoTree.remove(Versions.undoKey(prefix, scn));
                    }
                } else if (scn <= h) {
                    covered = true;
                }
            }
        } finally {
            if (remove && tree != null) {
                locks.release(gcOwner, lockKey);
            }
        }
    }

    private boolean isCommittedAtOrBelow(byte[] head, long h) {
        if (Versions.writerIsScn(head)) {
            return Versions.writer(head) <= h;
        }
        Long scn = committed.get(Versions.writer(head));
        return scn != null && scn <= h;
    }

    /**
     * Visits every head. A deleted row whose delete every snapshot at or after {@code h} sees goes,
     * with its undo entries. When removing, a head whose writer committed at or below {@code h}
     * is stamped with its commit SCN; if no head was skipped as locked, no head then names such a
     * transaction and their commit records are pruned.
     */
    private void walkHeads(long h, boolean remove, long[] counts) {
        long skipped = 0;
        for (String name : storage.treeNames()) {
            if (!name.startsWith(TABLE_PREFIX)) {
                continue;
            }
            String table = name.substring(TABLE_PREFIX.length());
            Tree tree;
            try {
                tree = table(table);
            } catch (TransactionException e) {
                continue;
            }
            try {
                skipped += walkHeadsOf(table, tree, h, remove, counts);
            } catch (IllegalStateException e) {
                RuntimeException r = undefinedIfDropped(table, tree, e);
                if (!(r instanceof TransactionException)) {
                    throw r;
                }
                // dropped while VACUUM walked it (VACUUM takes no table lock): its versions went with it
            }
        }
        counts[2] += skipped;
        if (remove && skipped == 0) {
            pruneCommitTable(h);
        }
    }

    /** One table's part of {@link #walkHeads}; returns the heads skipped as locked. */
    private long walkHeadsOf(String table, Tree tree, long h, boolean remove, long[] counts) {
        long skipped = 0;
        try (Cursor c = tree.cursor(null, true, null, true, false)) {
            while (c.next()) {
                byte[] head = c.value();
                if (!isCommittedAtOrBelow(head, h)) {
                    continue;
                }
                boolean deleted = Versions.deleted(head);
                if (!remove) {
                    counts[1] += deleted ? 1 : 0;
                    continue;
                }
                if (!deleted && Versions.writerIsScn(head)) {
                    continue;
                }
                byte[] key = c.key();
                LockManager.LockKey lockKey = new LockManager.LockKey(table, key);
                if (!locks.tryAcquire(gcOwner, lockKey, TableLockMode.EXCLUSIVE)) {
                    skipped++;
                    continue;
                }
                try {
                    byte[] now = tree.get(key);
                    if (now == null || !Versions.sameHeader(now, head)) {
                        continue;
                    }
                    if (deleted) {
                        removeDeletedRow(tree, table, key, counts);
                    } else {
                        tree.put(key, Versions.stamped(head, commitScnOf(head)));
                    }
                } finally {
                    locks.release(gcOwner, lockKey);
                }
            }
        }
        return skipped;
    }

    private void removeDeletedRow(Tree tree, String table, byte[] key, long[] counts) {
        byte[] prefix = Versions.undoPrefix(table, key);
        List<byte[]> older = new ArrayList<>();
        try (Cursor u = undoTree.cursor(prefix, true, KeyEncoder.prefixEnd(prefix), false, false)) {
            while (u.next()) {
                older.add(u.key());
            }
        }
        for (byte[] u : older) {
            undoTree.remove(u);
            counts[0]++;
        }
        tree.remove(key);
        counts[1]++;
    }

    /** Drops commit records at or below {@code h}: every head they could name is stamped by now. */
    private void pruneCommitTable(long h) {
        for (Map.Entry<Long, Long> e : committed.entrySet()) {
            if (e.getValue() <= h) {
                commitTree.remove(Versions.longBytes(e.getKey()));
                committed.remove(e.getKey(), e.getValue());
            }
        }
    }

    /** Commit records still held (in memory and in the commit tree). */
    int commitRecords() {
        return committed.size();
    }

    @Override
    public void addVersionRetention(VersionRetention retention) {
        retentions.addIfAbsent(retention);
    }

    @Override
    public void removeVersionRetention(VersionRetention retention) {
        retentions.remove(retention);
    }

    // ---------------------------------------------------------------- DDL

    @Override
    public void createTable(String table) {
        checkTableName(table);
        ddl(table, () -> {
            if (storage.treeNames().contains(TABLE_PREFIX + table)) {
                throw new TransactionException(TransactionException.DUPLICATE_TABLE, "table " + table + " already exists");
            }
            tables.put(table, storage.createTree(TABLE_PREFIX + table));
        });
    }

    @Override
    public void dropTable(String table) {
        checkTableName(table);
        ddl(table, () -> {
            table(table);
            // The old versions leave the undo tree after the tree leaves the store. A crash in
            // between would leave them to a later table of the same name (core.sql names trees
            // again after a restart), whose readers would be handed them: the marker, in the log
            // before the tree's removal, makes the next open finish the job.
            byte[] marker = droppingKey(table);
            metaTree.put(marker, Versions.longBytes(0));
            // marked and unmapped in one step of the map: a lookup that ran before it loses its
            // entry with it, one after it sees the mark (readers take no table lock)
            tables.compute(table, (name, tree) -> {
                dropping.add(name);
                return null;
            });
            try {
                Runnable droppingHook = treeDroppingHook;
                if (droppingHook != null) {
                    droppingHook.run();
                }
                storage.dropTree(TABLE_PREFIX + table);
            } finally {
                // the store no longer names the tree (or, if the drop failed, still has it whole)
                dropping.remove(table);
            }
            Runnable hook = treeDroppedHook;
            if (hook != null) {
                hook.run();
            }
            removeUndoOf(table);
            metaTree.remove(marker);
        });
    }

    private static final String DROPPING_PREFIX = "dropping:";

    /** The txn.meta key marking a drop of {@code table} under way (MVCC.md, "Trees"). */
    private static byte[] droppingKey(String table) {
        return (DROPPING_PREFIX + table).getBytes(StandardCharsets.UTF_8);
    }

    /** Removes every undo entry of {@code table}: its key prefix is the key-encoded table name. */
    private void removeUndoOf(String table) {
        byte[] prefix = KeyEncoder.create().writeString(table).toBytes();
        List<byte[]> keys = new ArrayList<>();
        try (Cursor c = undoTree.cursor(prefix, true, KeyEncoder.prefixEnd(prefix), false, false)) {
            while (c.next()) {
                keys.add(c.key());
            }
        }
        for (byte[] k : keys) {
            undoTree.remove(k);
        }
    }

    /**
     * On open: a drop a crash interrupted after its tree left the store has its undo entries
     * removed now, before any table of that name can be created again; one interrupted before
     * that left the table whole, and only its marker goes.
     */
    private void finishInterruptedDrops(List<String> treeNames) {
        byte[] prefix = DROPPING_PREFIX.getBytes(StandardCharsets.UTF_8);
        List<byte[]> markers = new ArrayList<>();
        try (Cursor c = metaTree.cursor(prefix, true, KeyEncoder.prefixEnd(prefix), false, false)) {
            while (c.next()) {
                markers.add(c.key());
            }
        }
        for (byte[] marker : markers) {
            String table = new String(marker, prefix.length, marker.length - prefix.length, StandardCharsets.UTF_8);
            if (!treeNames.contains(TABLE_PREFIX + table)) {
                removeUndoOf(table);
            }
            metaTree.remove(marker);
        }
    }

    private static void checkTableName(String table) {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("a table needs a name");
        }
    }

    private void ddl(String table, Runnable action) {
        checkOpen();
        LockOwner owner = new LockOwner(nextTxnId(), SessionImpl.current());
        try {
            locks.acquire(owner, new LockManager.LockKey(table, null), TableLockMode.EXCLUSIVE,
                    options.lockTimeout().toNanos());
            action.run();
            storage.commit(("cairn.txn ddl " + table).getBytes(StandardCharsets.UTF_8));
        } finally {
            locks.releaseAll(owner);
        }
    }

    @Override
    public long tablePages(String table) {
        try {
            return table(table).pages();
        } catch (TransactionException | IllegalStateException gone) {
            return 0; // no such table, or dropped meanwhile
        }
    }

    @Override
    public List<String> tables() {
        List<String> result = new ArrayList<>();
        for (String n : storage.treeNames()) {
            if (n.startsWith(TABLE_PREFIX)) {
                result.add(n.substring(TABLE_PREFIX.length()));
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- observability and whiteboards

    @Override
    public LockSnapshot locks() {
        return locks.snapshot();
    }

    @Override
    public void addChangeListener(ChangeListener listener) {
        synchronized (publishMonitor) {
            for (ChangeDelivery d : deliveries) {
                if (d.listener == listener) {
                    return;
                }
            }
            deliveries.add(new ChangeDelivery(listener, options.changeQueueTransactions()));
        }
    }

    @Override
    public void removeChangeListener(ChangeListener listener) {
        synchronized (publishMonitor) {
            for (ChangeDelivery d : deliveries) {
                if (d.listener == listener) {
                    deliveries.remove(d);
                    d.stop();
                }
            }
        }
    }

    @Override
    public TransactionStats transactionStats() {
        return new TransactionStats(commits.sum(), rollbacks.sum());
    }

    @Override
    public ChangeEventStats changeEventStats() {
        long delivered = 0;
        long dropped = 0;
        List<ChangeDelivery> list = new ArrayList<>(deliveries);
        for (ChangeDelivery d : list) {
            delivered += d.delivered.get();
            dropped += d.dropped.get();
        }
        return new ChangeEventStats(list.size(), delivered, dropped);
    }

    @Override
    public SessionRegistry sessionRegistry() {
        return sessions;
    }

    @Override
    public WaitEventsImpl waitEvents() {
        return waitEvents;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (recovery != null) {
            try {
                recovery.join(30_000); // it stops after its current batch of keys
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SessionImpl s : sessions.open()) {
            s.close();
        }
        for (ChangeDelivery d : deliveries) {
            d.stop();
        }
        deliveries.clear();
        synchronized (asyncFlushLock) {
            if (asyncFlusher != null) {
                asyncFlusher.shutdownNow();
                flushAsync();
            }
        }
        markCleanClose();
        if (ownsStorage) {
            storage.close();
        }
    }
}
