package io.cairn.sql.internal.engine;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.Catalog;
import io.cairn.sql.internal.catalog.IndexInfo;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.TableAccess;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.sql.internal.plan.Planner;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Savepoint;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.VacuumResult;

/**
 * Runs SQL statements for transaction-layer sessions: parses, plans and executes one statement,
 * in the session's open transaction (after BEGIN) or in its own transaction (autocommit).
 * Thread-safe; each session is used by one thread at a time. Use one engine per transaction
 * manager: it allocates hidden row ids and table names. See core.sql/CATALOG.md.
 */
public final class SqlEngine {

    /**
     * Rows a sort, hash table or collected row set holds in memory before it spills to the temp
     * area (a scroll-insensitive JDBC result fails with 53200 past it).
     */
    public static final long DEFAULT_MEMORY_ROWS = 1_000_000;

    private static final String TREE_PREFIX = "sql.";

    private final TransactionManager manager;
    private final AtomicLong treeIds = new AtomicLong();
    private final Map<String, AtomicLong> rowIds = new ConcurrentHashMap<>();
    private final Map<Long, SessionState> sessions = new ConcurrentHashMap<>();
    private volatile long maxMemoryRows = DEFAULT_MEMORY_ROWS;
    /** Where sorts and hash tables past the memory bound spill (CATALOG.md, "Spilling to disk"). */
    private volatile io.cairn.sql.internal.exec.TempArea tempArea = io.cairn.sql.internal.exec.TempArea.system();
    /** The statement time's source; null (the default) for the wall-clock time the statement started. */
    private volatile java.util.function.Supplier<LocalDateTime> clock;
    private final SystemRegistry registry = new SystemRegistry();
    private volatile String databaseName = "";
    private volatile Map<String, String> databaseParameters = Map.of();
    private volatile SystemParameters systemParameters;
    /** Statements the parse cache holds at most (least recently used dropped first). */
    public static final int PARSE_CACHE_SIZE = 1_000;

    /**
     * Exact SQL text to its parsed statement, plan-cache shape and digest (one lookup finds all
     * three). Safe to share: the AST is immutable records with immutable lists, and parsing
     * depends on nothing but the text (no catalog, no settings), so no DDL or setting can make an
     * entry stale. Texts with BLOB literals (mutable byte[]) are not cached.
     */
    private final Map<String, ParsedText> parseCache = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ParsedText> eldest) {
                    return size() > PARSE_CACHE_SIZE;
                }
            });
    private final java.util.concurrent.atomic.LongAdder parses = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean parseCacheEnabled = true;
    /** Off: no plan is cached and literals stay literals in every plan (tests compare both ways). */
    private volatile boolean planCacheEnabled = true;
    /** The committed catalog, read once per catalog version (CATALOG.md, "Catalog versions"). */
    private final CatalogCache catalogs = new CatalogCache();
    /** Statement plans by shape (or text) and session settings, per catalog version (CATALOG.md, "Plan cache"). */
    final PlanCache plans = new PlanCache();
    /** Secondary index scans opened since the engine started, by index name (v$index_usage). */
    private final Map<String, java.util.concurrent.atomic.LongAdder> indexScans = new ConcurrentHashMap<>();

    /** Per-session SQL state: the BEGIN block, the isolation for its transaction, savepoints. */
    static final class SessionState {
        boolean inBlock;
        IsolationLevel level = IsolationLevel.READ_COMMITTED;
        IsolationLevel nextLevel;
        final Map<String, Savepoint> savepoints = new HashMap<>();
        /** Trees created or dropped by DDL of the open transaction: dropped at its end unless the catalog uses them. */
        final Set<String> touchedTrees = new HashSet<>();
        /** Tables the open transaction holds EXCLUSIVE (its own DDL): their definition cannot change under it. */
        final Set<String> ddlTables = new HashSet<>();
        /**
         * Trees of indexes the open SNAPSHOT transaction built from rows newer than its snapshot:
         * its own statements must not read them (CATALOG.md, "How CREATE INDEX builds").
         */
        final Set<String> unusableIndexTrees = new HashSet<>();
        /** The transaction {@link #unusableIndexTrees} belongs to (one the caller ends may end unseen). */
        Transaction unusableFor;
        Session session;
        String sql;
        boolean useInvisibleIndexes;
        long statementTimeoutMillis;
        /** The engine-ended transaction that changed the catalog or statistics: it reads its own catalog. */
        Transaction catalogTxn;
        /** The shared catalog version the running statement planned with, or 0 if it read its own. */
        long catalogVersion;
        /** The SCN of the transaction the engine committed last (its drops wait for older snapshots). */
        long commitScn;
        /** The block's transaction was rolled back by an error: only ROLLBACK (or COMMIT) ends it. */
        boolean aborted;
        volatile io.cairn.sql.internal.exec.CancelFlag running;
        /** Rows changed per table by the open transaction's successful statements (staleness). */
        final Map<String, Long> changes = new HashMap<>();
        /** The running statement's parse-cache entry: its shape and hidden literal values. */
        ParsedText parsed;
        /** Whether the running statement's hidden literals are slots (it has some, and the plan cache is on). */
        boolean shaped;
        /** The parse-cache entries of the statements this session ran last (see recentText). */
        final ParsedText[] recent = new ParsedText[8];
        int recentNext;
        /**
         * The running statement while instrumentation is on (plan hash, events) if it is
         * {@linkplain Instrumentation.Run#open open}; else the last one, or null.
         */
        Instrumentation.Run instrumented;
        /** The Run instrumentation reuses for this session's statements while no controller is registered. */
        Instrumentation.Run spareRun;
        /** The running statement's start, a System.nanoTime() value. */
        long startNanos;
        /** The I/O counter of the thread that ran the session's last measured statement, and that thread. */
        private io.cairn.storage.IoCounter threadIo;
        private Thread ioThread;

        /** The calling thread's I/O counter: looked up only when the session moves to another thread. */
        io.cairn.storage.IoCounter ioCounter() {
            Thread t = Thread.currentThread();
            if (t != ioThread) {
                threadIo = io.cairn.storage.IoCounter.forCurrentThread();
                ioThread = t;
            }
            return threadIo;
        }

        /** The running statement's waits while a listener measures them (reused, cleared per statement). */
        final io.cairn.txn.WaitTally waits = new io.cairn.txn.WaitTally();
        /** Set by session-kill --close: who closed the session; later statements fail with 57P01. */
        String terminatedBy;
        /** Opened through {@link SqlEngine#openSession}: the admission controllers hear of its close. */
        boolean admitted;
        String applicationName;
        String clientUser;
        String clientHostname;
        String module;
        /** The session's open streaming SELECT (forward-only JDBC result), or null (see ResultStream). */
        volatile ResultStream stream;
        /** Set by {@link SqlEngine#stream} for its statement ({@link #streamFor}): the rows to read before it streams. */
        int streamRows;
        Statement streamFor;
    }

    /** Rows changed per table since its last ANALYZE. */
    final Modifications modifications;

    /**
     * Trees whose drop committed (no committed catalog names them any more), each with an SCN at
     * or after that commit: a statement whose snapshot is older may still read the catalog that
     * names the tree, so the tree is dropped only once no reader's snapshot is older (CATALOG.md,
     * "When trees are dropped"). In memory only: after a crash the engine drops every tree the
     * committed catalog does not name when it opens.
     */
    private final Map<String, Long> pendingDrops = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Pending trees whose physical drop failed (a lock timeout, an I/O error): each stays pending
     * and is tried again by a release after a pause that doubles per failure, up to a minute.
     */
    private final Map<String, DropRetry> dropRetries = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong treeDropFailures = new java.util.concurrent.atomic.AtomicLong();
    /** The pause before the first retry of a failed drop (tests set 0). */
    volatile long dropRetryPauseNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private record DropRetry(int failures, long notBeforeNanos) {
    }
    /** Sessions that ran a statement whose transaction may still read trees, with the oldest SCN it may read at. */
    private final Map<SessionState, Reader> readers = new HashMap<>();

    /** A session's open transaction as a reader of trees (guarded by {@link #readers}). */
    private static final class Reader {
        /** The newest committed SCN when the transaction (or its current statement) started: a lower bound of its snapshot. */
        long floor;
        Transaction txn;
        boolean running;
    }
    private final Instrumentation instrumentation = new Instrumentation(this);

    // what every statement's planner and executor are given, made once rather than per statement
    private final java.util.function.Consumer<String> indexScanCounter =
            index -> indexScans.computeIfAbsent(index, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    private final java.util.function.Function<String, io.cairn.sql.SqlFunction> functionSource = name -> registry.function(name);
    private final java.util.function.Function<String, io.cairn.sql.SystemView> viewSource = name -> registry.view(name);
    private final java.util.function.Function<String, io.cairn.sql.SqlTableFunction> tableFunctionSource =
            name -> registry.tableFunction(name);

    public SqlEngine(TransactionManager manager) {
        this.manager = manager;
        this.modifications = new Modifications(manager);
        long max = 0;
        boolean hasCatalog = false;
        for (String t : manager.tables()) {
            if (t.equals(Catalog.TREE)) {
                hasCatalog = true;
            } else if (t.startsWith(TREE_PREFIX) && t.length() > TREE_PREFIX.length() + 1) {
                try {
                    max = Math.max(max, Long.parseLong(t.substring(TREE_PREFIX.length() + 1)));
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        treeIds.set(max);
        if (!hasCatalog) {
            manager.createTable(Catalog.TREE);
        }
        if (!manager.tables().contains(io.cairn.sql.internal.catalog.Statistics.TREE)) {
            manager.createTable(io.cairn.sql.internal.catalog.Statistics.TREE);
        }
        // trees a crash left between a DDL commit (or rollback) and its clean-up
        SessionState startup = new SessionState();
        for (String t : manager.tables()) {
            if (t.matches("sql\\.[ti][0-9]+")) {
                startup.touchedTrees.add(t);
            }
        }
        cleanTrees(startup);
        releaseDrops();
        for (io.cairn.sql.SystemView v : KernelViews.all()) {
            registry.addView(v);
        }
        registry.addView(new ParameterView());
        registry.addView(plans.view());
    }

    /**
     * Sets the database-wide settings v$parameter shows (name to value as text, e.g. the options
     * the database was opened with); the engine adds its own and the session's.
     */
    public void setDatabaseParameters(Map<String, String> parameters) {
        this.databaseParameters = Map.copyOf(parameters);
    }

    /** v$parameter: database settings, the engine's memory bound and the calling session's parameters. */
    private final class ParameterView implements io.cairn.sql.SystemView {
        @Override
        public String name() {
            return "v$parameter";
        }

        @Override
        public List<Column> columns() {
            return List.of(new Column("name", ColumnType.VARCHAR), new Column("value", ColumnType.VARCHAR),
                    new Column("scope", ColumnType.VARCHAR));
        }

        @Override
        public Iterable<Object[]> rows(io.cairn.sql.SystemViewContext ctx) {
            List<Object[]> rows = new ArrayList<>();
            new java.util.TreeMap<>(databaseParameters).forEach((k, v) -> rows.add(new Object[] {k, v, "DATABASE"}));
            rows.add(new Object[] {"max_memory_rows", String.valueOf(maxMemoryRows), "DATABASE"});
            SessionState ss = sessions.get(ctx.sessionId());
            if (ss != null) {
                for (String name : SESSION_PARAMETERS) {
                    try {
                        rows.add(new Object[] {name, showParameter(ss, name), "SESSION"});
                    } catch (SqlException e) {
                        throw new IllegalStateException(e); // every listed name is known
                    }
                }
            }
            return rows;
        }
    }

    /** Sets where ALTER SYSTEM SET stores parameters; without one it answers 0A000. */
    public void setSystemParameters(SystemParameters parameters) {
        this.systemParameters = parameters;
    }

    /** The system views and procedures statements can use; plugins add and remove theirs at runtime. */
    public SystemRegistry registry() {
        return registry;
    }

    private long indexScans(String index) {
        java.util.concurrent.atomic.LongAdder n = indexScans.get(index);
        return n == null ? 0 : n.sum();
    }

    /** Sets the database name system views and procedures see. */
    public void setDatabaseName(String name) {
        this.databaseName = name == null ? "" : name;
    }

    public TransactionManager manager() {
        return manager;
    }

    /** Sets the memory bound of sorts and hash tables, in rows: past it they spill to the temp area. */
    public void setMemoryBound(long rows) {
        this.maxMemoryRows = rows;
    }

    /**
     * Spills sorts and hash tables to {@code <databaseDirectory>/temp} and empties it now (files a
     * crash left there); call when the database opens, before any statement. Without it they
     * spill to {@code java.io.tmpdir}.
     */
    public void useTempArea(java.nio.file.Path databaseDirectory) {
        this.tempArea = io.cairn.sql.internal.exec.TempArea.of(databaseDirectory);
    }

    /** Where statements spill. */
    public io.cairn.sql.internal.exec.TempArea tempArea() {
        return tempArea;
    }

    /** The memory bound of sorts and hash tables, in rows (JDBC holds scrollable results to it too). */
    public long memoryBound() {
        return maxMemoryRows;
    }

    /** Sets where statements get their start time (CURRENT_DATE, CURRENT_TIMESTAMP); tests fix it. */
    public void setStatementClock(java.util.function.Supplier<LocalDateTime> clock) {
        this.clock = clock;
    }

    /** Runs one statement with {@code ?} parameters bound to {@code parameters} (index 0 = first mark). */
    public SqlResult execute(Session session, String sql, Object... parameters) throws SqlException {
        return execute(session, sql, parameters, null);
    }

    /**
     * Runs one statement; if {@code timeout} is not null it fails with 57014 once the time is up
     * (checked every few hundred rows, and a lock wait ends at that time).
     */
    public SqlResult execute(Session session, String sql, Object[] parameters, Duration timeout) throws SqlException {
        return execute(session, sql, text(sql), parameters, timeout);
    }

    /**
     * Runs a statement already parsed from {@code sql} (a prepared statement's); {@code st} must be
     * what {@code Parser.parse(sql)} returns for that text.
     */
    public SqlResult execute(Session session, String sql, Statement st, Object[] parameters, Duration timeout)
            throws SqlException {
        return execute(session, sql, recentText(session, sql, st), parameters, timeout);
    }

    /**
     * Runs a statement as {@link #execute(Session, String, Statement, Object[], Duration)} does,
     * except that a SELECT returning more than {@code firstRows} rows is not drained: its result
     * holds the first rows and a {@link ResultStream} for the rest, and the statement (its
     * autocommit transaction, snapshot, locks, end event) stays open until the stream ends. Any
     * statement run on the session meanwhile first buffers the rest of the stream.
     */
    public SqlResult stream(Session session, String sql, Statement st, Object[] parameters, Duration timeout,
            int firstRows) throws SqlException {
        SessionState ss = sessions.computeIfAbsent(session.id(), k -> new SessionState());
        if (ss.stream != null) {
            ss.stream.buffer();
        }
        if (st instanceof Statement.Select) {
            ss.streamRows = Math.max(1, firstRows);
            ss.streamFor = st;
        }
        SqlResult r;
        try {
            r = execute(session, sql, recentText(session, sql, st), parameters, timeout);
        } finally {
            ss.streamRows = 0;
            ss.streamFor = null;
        }
        if (r.stream() != null) {
            r.stream().started();
        }
        return r;
    }

    /**
     * The parse-cache entry of a statement the session ran lately (a prepared statement run in a
     * loop): found by the statement's identity among the session's last few, without a lookup
     * in the shared parse cache.
     */
    private ParsedText recentText(Session session, String sql, Statement st) {
        SessionState ss = sessions.get(session.id());
        if (ss != null) {
            for (ParsedText p : ss.recent) {
                if (p != null && p.statement == st) {
                    return p;
                }
            }
        }
        ParsedText pt = text(sql, st);
        if (ss != null) {
            ss.recent[ss.recentNext++ & (ss.recent.length - 1)] = pt;
        }
        return pt;
    }

    private SqlResult execute(Session session, String sql, ParsedText parsed, Object[] parameters, Duration timeout)
            throws SqlException {
        Statement st = parsed.statement;
        SessionState ss = sessions.computeIfAbsent(session.id(), k -> new SessionState());
        if (ss.stream != null) {
            ss.stream.buffer(); // the session's open streaming result is read into memory first (ResultStream)
        }
        // the statement's one clock read: its start for v$session, CURRENT_TIMESTAMP, the events and the timeout
        long start = System.nanoTime();
        io.cairn.sql.internal.exec.CancelFlag cancel = startRunning(ss, session, timeout, start);
        long deadline = cancel.signal().deadlineNanos();
        io.cairn.txn.CancelSignal outer = session.watchCancel(cancel.signal()); // non-null only when nested
        try {
            // with the plan cache off, literals stay literals: the plans are this text's alone
            boolean shaped = planCacheEnabled && parsed.slots != null;
            EvalContext eval = EvalContext.startingAt(parameters, start, clock, shaped ? parsed.hiddenValues : null);
            ss.parsed = parsed;
            ss.shaped = shaped;
            // a procedure may run a statement of its own on this thread: its hidden literals nest
            // (a statement without any leaves the thread-local alone: the map is by identity, so
            // an outer statement's literals can never be taken for its own)
            Map<io.cairn.sql.internal.parser.Expr.Literal, Integer> outerLiterals = shaped
                    ? io.cairn.sql.internal.expr.ExpressionCompiler.hideLiterals(parsed.slots) : null;
            try {
                if (!instrumentation.active()) {
                    return run(session, ss, st, sql, eval, cancel, deadline); // the plain path: nothing measured
                }
                return instrumentation.run(session, ss, st, parsed, eval, cancel, deadline, start);
            } finally {
                if (shaped) {
                    io.cairn.sql.internal.expr.ExpressionCompiler.hideLiterals(outerLiterals);
                }
            }
        } finally {
            session.watchCancel(outer);
            stoppedRunning(ss, session);
        }
    }

    /**
     * What every statement and every batch entry does first, at its start ({@code start}, a
     * System.nanoTime() value): one cancel request for the whole statement, whose signal carries
     * the deadline of {@code timeout} (without one, of the session's statement_timeout), becomes
     * the session's running statement. The executor checks it between rows, and the transaction
     * layer's lock waits watch its signal (woken at once, ended at the deadline). Fails with 57P01
     * once cairn:session-kill --close closed the session.
     */
    private static io.cairn.sql.internal.exec.CancelFlag startRunning(SessionState ss, Session session,
            Duration timeout, long start) throws SqlException {
        long deadline = timeout != null ? start + Math.max(1, timeout.toNanos())
                : ss.statementTimeoutMillis > 0
                        ? start + Math.max(1, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(ss.statementTimeoutMillis))
                        : 0;
        io.cairn.sql.internal.exec.CancelFlag cancel = new io.cairn.sql.internal.exec.CancelFlag(deadline);
        synchronized (ss) {
            if (ss.terminatedBy != null) {
                throw new SqlException("terminating connection due to administrator command (closed by "
                        + ss.terminatedBy + ")", "57P01");
            }
            ss.session = session;
            ss.running = cancel;
            ss.startNanos = start;
        }
        return cancel;
    }

    /**
     * The session's statement (or batch) is over: nothing of it is left to cancel, and a
     * session-kill --close that came while it ran closes the session now (rolling back).
     */
    private static void stoppedRunning(SessionState ss, Session session) {
        String closedBy;
        synchronized (ss) {
            ss.running = null;
            closedBy = ss.terminatedBy;
        }
        if (closedBy != null) {
            session.close();
        }
    }

    /**
     * Parses {@code sql}, through the parse cache: the same text parses once while it stays
     * among the {@value #PARSE_CACHE_SIZE} most recently used. Syntax errors are not cached.
     */
    public Statement parse(String sql) throws SqlException {
        return text(sql).statement;
    }

    /** The parse-cache entry of {@code sql}, parsing it on a miss (syntax errors are not cached). */
    ParsedText text(String sql) throws SqlException {
        if (!parseCacheEnabled) {
            parses.increment();
            return new ParsedText(sql, Parser.parse(sql));
        }
        ParsedText pt = parseCache.get(sql);
        if (pt != null) {
            return pt;
        }
        parses.increment();
        pt = new ParsedText(sql, Parser.parse(sql));
        if (!pt.blob) {
            parseCache.put(sql, pt);
        }
        return pt;
    }

    /**
     * The parse-cache entry for a statement the caller parsed from {@code sql} itself (a JDBC
     * statement): the cached one if it is that very statement, else one for {@code st} that
     * shares the cached shape (its hidden literals found at the same places).
     */
    private ParsedText text(String sql, Statement st) {
        ParsedText pt = parseCacheEnabled ? parseCache.get(sql) : null;
        if (pt == null) {
            pt = new ParsedText(sql, st);
            if (parseCacheEnabled && !pt.blob) {
                parseCache.put(sql, pt);
            }
            return pt;
        }
        return pt.statement == st ? pt : new ParsedText(pt, st);
    }

    /** True if the text holds an X'..' literal (whose byte[] value is mutable). */
    private static boolean hasBlobLiteral(String sql) {
        return io.cairn.sql.internal.parser.Shapes.hasBlobLiteral(sql);
    }

    /** Turns the parse cache on (the default) or off and empties it; tests compare the two. */
    public void setParseCacheEnabled(boolean enabled) {
        parseCacheEnabled = enabled;
        parseCache.clear();
    }

    /**
     * Turns the plan cache and the shared catalog snapshot on (the default) or off, emptying
     * them; off, every statement reads the catalog through its transaction and plans anew.
     */
    public void setPlanCacheEnabled(boolean enabled) {
        planCacheEnabled = enabled;
        plans.setEnabled(enabled);
        catalogs.setEnabled(enabled);
    }

    /** Plan cache hits (an execution reused a cached plan) since the engine started. */
    public long planCacheHits() {
        return plans.hits();
    }

    /** Plan cache misses (a SELECT that could use the cache was planned) since the engine started. */
    public long planCacheMisses() {
        return plans.misses();
    }

    /** Catalog snapshots read into the shared cache since the engine started. */
    public long catalogLoads() {
        return catalogs.loads();
    }

    /** Texts parsed (parse cache misses) since the engine started; tests check the cache with it. */
    public long parseCount() {
        return parses.sum();
    }

    /** Asks the session's running statement, if any, to stop (a lock wait too); it fails with 57014. */
    public void cancel(Session session) {
        SessionState ss = sessions.get(session.id());
        io.cairn.sql.internal.exec.CancelFlag flag = ss == null ? null : ss.running;
        if (flag != null) {
            flag.cancel(null); // also ends a lock wait at once
        } else if (ss != null && ss.stream != null) {
            ss.stream.cancelled(null, false); // a streaming SELECT between fetches: ends now
        }
    }

    /** Forgets a closed session's SQL state. */
    public void forget(Session session) {
        SessionState ss = sessions.remove(session.id());
        ResultStream open = ss == null ? null : ss.stream;
        if (open != null) {
            open.close(); // the session closes: its streaming SELECT ends here
        }
        if (ss != null) {
            synchronized (readers) {
                readers.remove(ss);
            }
            releaseDrops();
        }
        if (ss != null && ss.admitted) {
            instrumentation.sessionClosed(session.id());
        }
    }

    // ---- instrumentation, admission, sessions (see core.sql/INSTRUMENTATION.md)

    String databaseName() {
        return databaseName;
    }

    /** Adds a listener that sees every statement from now on (outside OSGi; DatabaseComponent does it in OSGi). */
    public void addStatementListener(io.cairn.sql.instrument.StatementListener listener) {
        instrumentation.addListener(java.util.Objects.requireNonNull(listener));
    }

    public void removeStatementListener(io.cairn.sql.instrument.StatementListener listener) {
        instrumentation.removeListener(listener);
    }

    /** Adds a controller asked before every session opens and every statement runs. */
    public void addAdmissionController(io.cairn.sql.instrument.AdmissionController controller) {
        instrumentation.addController(java.util.Objects.requireNonNull(controller));
    }

    public void removeAdmissionController(io.cairn.sql.instrument.AdmissionController controller) {
        instrumentation.removeController(controller);
    }

    /** Exceptions statement listeners threw since the engine started (each logged, none failed a statement). */
    public long listenerFailures() {
        return instrumentation.listenerFailures();
    }

    /** Exceptions admission controllers threw since the engine started (each taken as admitting). */
    public long admissionControllerFailures() {
        return instrumentation.controllerFailures();
    }

    /**
     * Opens a SQL session: a transaction-layer session the admission controllers admitted (a
     * rejection fails with 53300 and leaves no session open). Close it with {@link #forget} and
     * {@link Session#close()}.
     */
    public Session openSession(String user, String clientInfo) throws SqlException {
        Session s = manager.openSession(user, clientInfo);
        SessionState ss = new SessionState();
        ss.session = s;
        sessions.put(s.id(), ss);
        try {
            instrumentation.admitSession(s, clientInfo);
        } catch (SqlException | RuntimeException e) {
            sessions.remove(s.id());
            s.close();
            throw e;
        }
        ss.admitted = instrumentation.hasControllers();
        return s;
    }

    /**
     * Sets one client info property of a session, as JDBC's {@code setClientInfo} does:
     * ApplicationName, ClientUser, ClientHostname and module are shown in v$session; other names
     * are ignored. Returns whether the name is one of those.
     */
    public boolean setClientInfo(Session session, String name, String value) {
        SessionState ss = sessions.computeIfAbsent(session.id(), k -> new SessionState());
        switch (name) {
            case "ApplicationName" -> ss.applicationName = value;
            case "ClientUser" -> ss.clientUser = value;
            case "ClientHostname" -> ss.clientHostname = value;
            case "module" -> ss.module = value;
            default -> {
                return false;
            }
        }
        session.setClientInfo(ss.applicationName, ss.clientUser, ss.clientHostname, ss.module);
        return true;
    }

    /** What {@link #cancelStatement} and {@link #closeSession} found. */
    public enum KillResult {
        /** No SQL session with that id. */
        UNKNOWN_SESSION,
        /** The session runs no statement: nothing to cancel. */
        NOT_RUNNING,
        /** The running statement was asked to stop (it fails with 57014). */
        CANCELLED,
        /** The session was closed (its transaction rolled back), or will be as soon as its statement stops. */
        CLOSED
    }

    /** Cancels the running statement of SQL session {@code sessionId}; it fails with 57014 naming {@code by}. */
    public KillResult cancelStatement(long sessionId, String by) {
        SessionState ss = sessions.get(sessionId);
        if (ss == null || ss.session == null) {
            return KillResult.UNKNOWN_SESSION;
        }
        io.cairn.sql.internal.exec.CancelFlag flag;
        synchronized (ss) {
            flag = ss.running;
        }
        ResultStream open = ss.stream;
        if (flag == null && open != null) {
            open.cancelled(by, false); // a streaming SELECT between fetches: ends now
            return KillResult.CANCELLED;
        }
        if (flag == null) {
            return KillResult.NOT_RUNNING;
        }
        flag.cancel(by);
        return KillResult.CANCELLED;
    }

    /**
     * Closes SQL session {@code sessionId}: cancels its running statement, rolls back its
     * transaction and leaves the registry; its next statement fails with 57P01 naming {@code by}.
     */
    public KillResult closeSession(long sessionId, String by) {
        SessionState ss = sessions.get(sessionId);
        if (ss == null || ss.session == null) {
            return KillResult.UNKNOWN_SESSION;
        }
        io.cairn.sql.internal.exec.CancelFlag flag;
        synchronized (ss) {
            if (ss.terminatedBy != null) {
                return KillResult.CLOSED;
            }
            ss.terminatedBy = by;
            flag = ss.running;
        }
        ResultStream open = ss.stream;
        if (flag != null) {
            flag.cancel(by + " closing the session");
        } else if (open != null) {
            open.cancelled(by + " closing the session", true); // ends it and closes the session, unless a fetch runs
        } else {
            ss.session.close(); // idle: roll back here; its thread finds the session closed
        }
        if (ss.admitted) {
            ss.admitted = false;
            instrumentation.sessionClosed(sessionId);
        }
        return KillResult.CLOSED;
    }

    /**
     * After the plan of a statement is built or taken from the cache ({@code lease}, or null):
     * instrumentation records its hash (no-op when off).
     */
    void planned(SessionState ss, Operator root, PlanCache.Lease lease) {
        Instrumentation.Run r = ss.instrumented;
        if (r != null && r.open && ss.session != null) {
            instrumentation.planned(ss.session, r, ss.sql, root, lease == null ? null : lease.entry());
        }
    }

    SqlResult run(Session session, SessionState ss, Statement st, String sql, EvalContext eval,
            AtomicBoolean cancel, long deadline) throws SqlException {
        try {
            return runStatement(session, ss, st, sql, eval, cancel, deadline);
        } finally {
            if (ss.stream == null) { // a streaming SELECT stays a reader until its rows end
                leaveReader(ss);
            }
        }
    }

    private SqlResult runStatement(Session session, SessionState ss, Statement st, String sql, EvalContext eval,
            AtomicBoolean cancel, long deadline) throws SqlException {
        if (st instanceof Statement.Begin) {
            if (ss.inBlock) {
                throw new SqlException("there is already a transaction in progress", "25001");
            }
            ss.inBlock = true;
            ss.nextLevel = null;
            return SqlResult.count(0);
        } else if (st instanceof Statement.Commit) {
            Transaction t = session.transaction();
            try {
                if (t != null && t.isActive()) {
                    commit(ss, t);
                    modifications.committed(ss.changes);
                } else if (t != null) {
                    t.close();
                }
            } catch (TransactionException e) {
                endBlock(ss);
                throw sql(e);
            }
            endBlock(ss);
            return SqlResult.count(0);
        } else if (st instanceof Statement.Rollback r && r.savepoint() == null) {
            Transaction t = session.transaction();
            if (t != null) {
                t.rollback();
                t.close();
            }
            endBlock(ss);
            return SqlResult.count(0);
        } else if (st instanceof Statement.SetTransaction s) {
            IsolationLevel level = IsolationLevel.valueOf(s.level().name());
            if (level == IsolationLevel.SERIALIZABLE) {
                throw new SqlException("SERIALIZABLE isolation is not supported yet", SqlException.FEATURE_NOT_SUPPORTED);
            }
            if (ss.inBlock && session.transaction() != null) {
                throw new SqlException("SET TRANSACTION ISOLATION LEVEL must be called before any query", "25001");
            }
            if (ss.inBlock) {
                ss.nextLevel = level;
            } else {
                ss.level = level;
            }
            return SqlResult.count(0);
        } else if (st instanceof Statement.Vacuum v) {
            if (ss.inBlock) {
                throw new SqlException("VACUUM cannot run inside a transaction block", "25001");
            }
            VacuumResult res = manager.vacuum();
            return new SqlResult(List.of("horizon", "versions_removed", "deleted_rows_removed"),
                    List.of(SqlType.BIGINT, SqlType.BIGINT, SqlType.BIGINT),
                    List.<Object[]>of(new Object[] {res.horizon(), res.versionsRemoved(), res.deletedRowsRemoved()}), 0);
        } else if (st instanceof Statement.SetParameter p) {
            setParameter(ss, p, eval);
            return SqlResult.count(0);
        } else if (st instanceof Statement.Show sh) {
            Object value = showParameter(ss, sh.name());
            return new SqlResult(List.of(sh.name()), List.of(SqlType.TEXT), List.<Object[]>of(new Object[] {value}), 0);
        } else if (st instanceof Statement.Checkpoint c) {
            if (ss.inBlock) {
                throw new SqlException("CHECKPOINT cannot run inside a transaction block", "25001");
            }
            manager.storage().checkpoint(switch (c.mode()) {
                case FULL -> io.cairn.storage.CheckpointMode.FULL;
                case TRUNCATE -> io.cairn.storage.CheckpointMode.TRUNCATE;
                case DEFAULT, PASSIVE -> io.cairn.storage.CheckpointMode.PASSIVE;
            });
            return SqlResult.count(0);
        } else if (st instanceof Statement.Call c) {
            session.beginStatement(sql, ss.startNanos); // so v$session shows the CALL while it runs
            try {
                return call(session, c, eval);
            } finally {
                session.endStatement();
            }
        } else if (st instanceof Statement.AlterSystemSet a) {
            return alterSystem(ss, a, eval);
        }

        Transaction txn = session.transaction();
        if (!ss.inBlock && (txn == null || !txn.isActive()) && (st instanceof Statement.Savepoint
                || st instanceof Statement.ReleaseSavepoint || st instanceof Statement.Rollback)) {
            throw new SqlException("savepoints can only be used in transaction blocks", "25P01");
        }
        boolean auto;
        enterReader(ss, txn); // before the transaction's snapshot is taken (see releaseDrops)
        if (ss.inBlock) {
            auto = false;
            if (ss.aborted) {
                throw new SqlException("current transaction is aborted, commands ignored until end of transaction block", "25P02");
            }
            if (txn == null) {
                txn = begin(session, ss.nextLevel != null ? ss.nextLevel : ss.level, ss.startNanos);
            } else if (!txn.isActive()) {
                throw new SqlException("current transaction is aborted, commands ignored until end of transaction block", "25P02");
            }
        } else if (txn != null && txn.isActive()) {
            auto = false; // a transaction begun through the transaction API: the caller ends it
        } else {
            auto = true;
            txn = begin(session, ss.level, ss.startNanos);
        }
        if (st instanceof Statement.Savepoint sp) {
            ss.savepoints.put(sp.name(), txn.savepoint(sp.name()));
            return SqlResult.count(0);
        } else if (st instanceof Statement.ReleaseSavepoint rs) {
            if (ss.savepoints.remove(rs.name()) == null) {
                throw new SqlException("savepoint \"" + rs.name() + "\" does not exist", "3B001");
            }
            return SqlResult.count(0);
        } else if (st instanceof Statement.Rollback r) {
            Savepoint sp = ss.savepoints.get(r.savepoint());
            if (sp == null) {
                throw new SqlException("savepoint \"" + r.savepoint() + "\" does not exist", "3B001");
            }
            try {
                txn.rollbackTo(sp);
            } catch (TransactionException e) {
                throw sql(e);
            }
            return SqlResult.count(0);
        }
        if (changesCatalog(st)) {
            if (auto || ss.inBlock) {
                ss.catalogTxn = txn;
            } else {
                catalogs.foreignWriter(txn);
            }
        }
        readerTransaction(ss, txn);
        // statement-level atomicity inside a transaction: the name is only a label (the engine keeps the object)
        Savepoint statementStart = auto ? null : txn.savepoint("sql$statement");
        session.beginStatement(sql, ss.startNanos);
        Planner planner = null;
        Catalog catalog = null;
        ExecContext ctx = null;
        try {
            planner = statementPlanner(ss, session, txn, eval);
            catalog = planner.catalog();
            ctx = new ExecContext(txn, eval, cancel, deadline, maxMemoryRows, tempArea);
            if (ss.instrumented != null && ss.instrumented.open && ss.instrumented.probed()) {
                ctx.probe(ss.instrumented); // controllers see progress and memory, and may throttle
            }
            planner.bind(ctx);
            ctx.onIndexScan(indexScanCounter);
            ss.session = session;
            ss.sql = sql;
            SqlResult result = dispatch(st, ss, txn, catalog, planner, ctx, sql);
            if (ss.stream != null) { // a streaming SELECT: its statement and transaction end with its rows
                ss.stream.statement(auto, txn, planner, statementStart);
                return result;
            }
            statementSucceeded(ss, txn, auto);
            return result;
        } catch (SqlException | RuntimeException e) {
            SqlException error = withSqlNames(e instanceof SqlException s ? s
                    : e instanceof TransactionException te ? sql(te)
                    : internal((RuntimeException) e), catalog);
            undoStatement(ss, txn, auto, statementStart);
            throw error;
        } finally {
            if (ss.stream == null) { // else ResultStream.end does this
                if (ss.instrumented != null && ss.instrumented.open && ctx != null) {
                    ss.instrumented.tempBytes = ctx.spilledBytes();
                }
                closeStatement(session, planner, txn, auto);
            }
        }
    }

    /**
     * A statement's planner, made after its beginStatement (the shared catalog must match the
     * statement's snapshot): over the shared catalog snapshot when its transaction may read it,
     * else its own, with the session's index choices, statistics, functions and system views. The
     * caller binds it to the statement's execution context.
     */
    private Planner statementPlanner(SessionState ss, Session session, Transaction txn, EvalContext eval) {
        CatalogCache.Snapshot shared = ss.catalogTxn == txn ? null : catalogs.snapshotFor(txn);
        ss.catalogVersion = shared == null ? 0 : shared.version;
        Catalog catalog = shared == null ? new Catalog(txn) : new Catalog(txn, shared.catalog);
        Planner planner = new Planner(catalog, manager, eval);
        planner.useInvisibleIndexes(ss.useInvisibleIndexes);
        planner.skipIndexTrees(ss.unusableFor == txn ? ss.unusableIndexTrees : Set.of());
        if (shared != null) {
            planner.useStatistics(shared.statsSource);
            planner.useTableAccesses(shared.accessSource);
        } else {
            planner.useStatistics(name -> io.cairn.sql.internal.catalog.Statistics.read(txn, name));
        }
        planner.useFunctions(functionSource);
        long sessionId = session.id();
        planner.useSystemViews(viewSource, tableFunctionSource,
                () -> new KernelViews.Context(databaseName, manager, sessionId, txn, catalog, this::indexScans,
                        table -> modifications.total(txn, table), this));
        return planner;
    }

    /**
     * A statement's work is done (for a streaming SELECT: its last row was read): an autocommit
     * transaction commits, and changes outside a block are counted for statistics now.
     */
    void statementSucceeded(SessionState ss, Transaction txn, boolean auto) {
        if (auto) {
            commit(ss, txn);
            cleanTrees(ss);
        }
        if (!ss.inBlock) { // autocommit, or a transaction the caller ends: counted now
            modifications.committed(ss.changes);
            ss.changes.clear();
        }
    }

    /** What runStatement opened for a statement, closed once it ended either way (after its commit or undo). */
    void closeStatement(Session session, Planner planner, Transaction txn, boolean auto) {
        if (planner != null) {
            planner.close();
        }
        session.endStatement();
        if (auto) {
            txn.close();
        }
    }

    /**
     * A statement failed: an autocommit transaction rolls back; inside a transaction only the
     * statement is undone (to its savepoint), and a transaction the transaction layer ended leaves
     * the block aborted (25P02 until ROLLBACK).
     */
    void undoStatement(SessionState ss, Transaction txn, boolean auto, Savepoint statementStart) {
        if (!ss.inBlock) {
            ss.changes.clear();
        }
        if (auto) {
            txn.rollback();
            cleanTrees(ss);
        } else if (txn.isActive()) {
            try {
                txn.rollbackTo(statementStart);
            } catch (TransactionException te) {
                ss.aborted = ss.inBlock;
            }
        } else {
            ss.aborted = ss.inBlock;
        }
    }

    /** ALTER SYSTEM SET: validates and persists a database parameter through {@link SystemParameters}. */
    private SqlResult alterSystem(SessionState ss, Statement.AlterSystemSet a, EvalContext eval) throws SqlException {
        if (ss.inBlock) {
            throw new SqlException("ALTER SYSTEM cannot run inside a transaction block", "25001");
        }
        SystemParameters store = systemParameters;
        if (store == null) {
            throw new SqlException("ALTER SYSTEM SET needs a database with stored parameters", SqlException.FEATURE_NOT_SUPPORTED);
        }
        Object v = io.cairn.sql.internal.expr.ExpressionCompiler.compile(a.value(),
                io.cairn.sql.internal.expr.ColumnResolver.NONE).evaluate(new Object[0], eval);
        if (v == null) {
            throw new SqlException("invalid value for parameter \"" + a.name() + "\": NULL", "22023");
        }
        String value = v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
        String message = store.set(a.name().toLowerCase(java.util.Locale.ROOT), value);
        return new SqlResult(List.of("message"), List.of(SqlType.TEXT), List.<Object[]>of(new Object[] {message}), 0);
    }

    /** CALL/EXEC: runs a registered procedure outside any SQL transaction. */
    private SqlResult call(Session session, Statement.Call c, EvalContext eval) throws SqlException {
        io.cairn.sql.SqlProcedure proc = registry.procedure(c.name());
        if (proc == null) {
            throw new SqlException("procedure " + c.name() + " does not exist", SqlException.UNDEFINED_FUNCTION);
        }
        List<io.cairn.sql.SystemView.Column> params = proc.parameters();
        if (params.size() != c.args().size()) {
            throw new SqlException("procedure " + c.name() + " takes " + params.size() + " arguments, not "
                    + c.args().size(), SqlException.UNDEFINED_FUNCTION);
        }
        Object[] args = new Object[params.size()];
        for (int i = 0; i < args.length; i++) {
            Object v = io.cairn.sql.internal.expr.ExpressionCompiler.compile(c.args().get(i),
                    io.cairn.sql.internal.expr.ColumnResolver.NONE).evaluate(new Object[0], eval);
            args[i] = SystemRegistry.convert(v, params.get(i).type(),
                    "argument " + params.get(i).name() + " of " + c.name());
        }
        io.cairn.sql.SqlProcedureResult r;
        try {
            r = proc.call(new KernelViews.Context(databaseName, manager, session.id(), null, null, this::indexScans,
                    table -> 0, this), args);
        } catch (RuntimeException e) {
            throw internal(e);
        }
        if (r == null || r.columns().isEmpty()) {
            return SqlResult.count(r == null ? 0 : r.updateCount());
        }
        List<String> names = new ArrayList<>();
        List<SqlType> types = new ArrayList<>();
        for (io.cairn.sql.SystemView.Column col : r.columns()) {
            names.add(col.name());
            types.add(SystemRegistry.sqlType(col.type()));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : r.rows()) {
            if (row == null || row.length != names.size()) {
                throw new SqlException("procedure " + c.name() + " returned a row that does not match its columns", "XX000");
            }
            Object[] out = new Object[row.length];
            for (int i = 0; i < row.length; i++) {
                out[i] = SystemRegistry.convert(row[i], r.columns().get(i).type(),
                        "procedure " + c.name() + " column " + names.get(i));
            }
            rows.add(out);
        }
        return new SqlResult(names, types, rows, 0);
    }

    /** Session parameters: whether the planner may use invisible indexes, the statement timeout in ms (0 = none). */
    static final String INVISIBLE_INDEXES = "optimizer_use_invisible_indexes";
    static final String STATEMENT_TIMEOUT = "statement_timeout";

    static final String TRANSACTION_ISOLATION = "transaction_isolation";
    static final String APPLICATION_NAME = "application_name";
    static final String MODULE = "module";

    /** The session parameters SET and SHOW know, in the order v$parameter lists them. */
    static final List<String> SESSION_PARAMETERS = List.of(APPLICATION_NAME, MODULE, INVISIBLE_INDEXES,
            STATEMENT_TIMEOUT, TRANSACTION_ISOLATION);

    /** SHOW name: a session parameter's value as text; 42704 for an unknown name. */
    static String showParameter(SessionState ss, String name) throws SqlException {
        return switch (name) {
            case INVISIBLE_INDEXES -> ss.useInvisibleIndexes ? "on" : "off";
            case STATEMENT_TIMEOUT -> String.valueOf(ss.statementTimeoutMillis);
            case TRANSACTION_ISOLATION -> ss.level == IsolationLevel.SNAPSHOT ? "snapshot" : "read committed";
            case APPLICATION_NAME -> ss.applicationName == null ? "" : ss.applicationName;
            case MODULE -> ss.module == null ? "" : ss.module;
            default -> throw new SqlException("unrecognized configuration parameter \"" + name + "\"", "42704");
        };
    }

    private static void setParameter(SessionState ss, Statement.SetParameter p, EvalContext eval) throws SqlException {
        Object v = io.cairn.sql.internal.expr.ExpressionCompiler.compile(p.value(),
                io.cairn.sql.internal.expr.ColumnResolver.NONE).evaluate(new Object[0], eval);
        String text = v == null ? "" : io.cairn.sql.internal.type.Values.toText(v).toLowerCase(java.util.Locale.ROOT);
        if (p.name().equals(INVISIBLE_INDEXES)) {
            if (text.equals("on") || text.equals("true")) {
                ss.useInvisibleIndexes = true;
            } else if (text.equals("off") || text.equals("false")) {
                ss.useInvisibleIndexes = false;
            } else {
                throw new SqlException(INVISIBLE_INDEXES + " must be on or off, not \"" + text + "\"", SqlException.INVALID_PARAMETER_VALUE);
            }
        } else if (p.name().equals(STATEMENT_TIMEOUT)) {
            try {
                long ms = Long.parseLong(text);
                if (ms < 0) {
                    throw new NumberFormatException();
                }
                ss.statementTimeoutMillis = ms;
            } catch (NumberFormatException e) {
                throw new SqlException(STATEMENT_TIMEOUT + " must be a number of milliseconds, not \"" + text + "\"",
                        SqlException.INVALID_PARAMETER_VALUE);
            }
        } else if (p.name().equals(TRANSACTION_ISOLATION)) {
            IsolationLevel level = switch (text.replace('_', ' ').trim()) {
                case "read committed" -> IsolationLevel.READ_COMMITTED;
                case "snapshot", "repeatable read" -> IsolationLevel.SNAPSHOT;
                case "serializable" -> throw new SqlException("SERIALIZABLE isolation is not supported yet",
                        SqlException.FEATURE_NOT_SUPPORTED);
                default -> throw new SqlException(TRANSACTION_ISOLATION
                        + " must be 'read committed', 'repeatable read' or 'snapshot', not \"" + text + "\"",
                        SqlException.INVALID_PARAMETER_VALUE);
            };
            if (ss.inBlock && ss.session != null && ss.session.transaction() != null) {
                throw new SqlException(TRANSACTION_ISOLATION + " must be set before any query of the transaction", "25001");
            }
            if (ss.inBlock) {
                ss.nextLevel = level;
            } else {
                ss.level = level;
            }
        } else if (p.name().equals(APPLICATION_NAME) || p.name().equals(MODULE)) {
            String raw = v == null ? null : io.cairn.sql.internal.type.Values.toText(v);
            if (raw != null && raw.length() > 256) {
                throw new SqlException(p.name() + " is longer than 256 characters", SqlException.INVALID_PARAMETER_VALUE);
            }
            if (p.name().equals(MODULE)) {
                ss.module = raw;
            } else {
                ss.applicationName = raw;
            }
            if (ss.session != null) {
                ss.session.setClientInfo(ss.applicationName, ss.clientUser, ss.clientHostname, ss.module);
            }
        } else {
            throw new SqlException("unrecognized configuration parameter \"" + p.name() + "\"", "42704");
        }
    }

    static SqlException internal(RuntimeException e) {
        // A page failing its checksum is data corruption (PostgreSQL's XX001 data_corrupted), which
        // monitoring and operators must tell apart from a bug (XX000).
        Throwable corrupt = e;
        while (corrupt != null && !(corrupt instanceof io.cairn.storage.CorruptPageException)) {
            corrupt = corrupt.getCause();
        }
        SqlException s = corrupt != null
                ? new SqlException("data corrupted: " + corrupt.getMessage(), "XX001")
                : new SqlException("internal error: " + e, "XX000");
        s.initCause(e);
        return s;
    }

    /** Begins the statement's transaction, started when the statement did ({@code startNanos}): no clock read. */
    private Transaction begin(Session session, IsolationLevel level, long startNanos) throws SqlException {
        try {
            return session.begin(level, startNanos);
        } catch (TransactionException e) {
            throw sql(e);
        }
    }

    private void endBlock(SessionState ss) {
        synchronized (readers) {
            readers.remove(ss);
        }
        ss.changes.clear();
        ss.inBlock = false;
        ss.aborted = false;
        ss.nextLevel = null;
        ss.savepoints.clear();
        cleanTrees(ss);
        releaseDrops();
    }

    /** How the transaction layer's messages name tables and indexes: by storage tree. */
    private static final java.util.regex.Pattern TREE_NAME = java.util.regex.Pattern.compile("\\bsql\\.[ti]\\d+\\b");

    /**
     * {@code e} with the storage tree names in its message ("a row of sql.t7", from lock waits,
     * deadlocks and serialization failures) replaced by the SQL names the user knows ("a row of
     * acct"), read from the statement's catalog; {@code e} itself when there is none to replace.
     */
    private static SqlException withSqlNames(SqlException e, Catalog catalog) {
        String message = e.getMessage();
        if (catalog == null || message == null || !TREE_NAME.matcher(message).find()) {
            return e;
        }
        Map<String, String> names;
        try {
            names = catalog.objectNamesByTree();
        } catch (RuntimeException failed) {
            return e; // the catalog could not be read: the tree names are still right, if less friendly
        }
        java.util.regex.Matcher m = TREE_NAME.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = names.get(m.group());
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(name != null ? name : m.group()));
        }
        m.appendTail(sb);
        SqlException named = new SqlException(sb.toString(), e.getSQLState(), e.line(), e.column());
        named.initCause(e.getCause() != null ? e.getCause() : e);
        named.setStackTrace(e.getStackTrace());
        return named;
    }

    static SqlException sql(TransactionException e) {
        SqlException s = new SqlException(e.getMessage(), e.sqlState());
        s.initCause(e);
        return s;
    }

    /**
     * Whether the statement may change the catalog or statistics (DDL, ANALYZE), so the catalog
     * version: everything but queries and DML, so a new kind of statement is safe by default.
     */
    private static boolean changesCatalog(Statement st) {
        return !(st instanceof Statement.Select || st instanceof Statement.SelectForUpdate
                || st instanceof Statement.Explain || st instanceof Statement.Insert
                || st instanceof Statement.Update || st instanceof Statement.Delete);
    }

    /** Commits, moving the catalog version if the transaction changed the catalog or statistics. */
    void commit(SessionState ss, Transaction txn) {
        if (ss.catalogTxn == txn) {
            ss.catalogTxn = null;
            ss.commitScn = catalogs.commitChanges(txn);
        } else {
            ss.commitScn = txn.commit();
        }
    }

    /**
     * The plan-cache key of the running statement, or null if it may not use the cache (it reads
     * its own catalog, or has a BLOB literal): its shape when it has hidden literals and the
     * shape is not marked to be planned per text, else its exact text.
     */
    private PlanCache.Key planKey(SessionState ss, String sql) {
        if (ss.catalogVersion == 0) {
            return null;
        }
        ParsedText pt = ss.parsed;
        if (pt == null || !pt.sql.equals(sql)) {
            return hasBlobLiteral(sql) ? null : new PlanCache.Key(sql, false, ss.useInvisibleIndexes, sql);
        }
        if (pt.blob) {
            return null;
        }
        if (ss.shaped) {
            PlanCache.Key shape = pt.key(true, ss.useInvisibleIndexes);
            if (!plans.perText(shape, ss.catalogVersion)) {
                return shape;
            }
        }
        return pt.key(false, ss.useInvisibleIndexes);
    }

    /**
     * Keeps a plan just made for {@code key} if it can serve other executions; a plan chosen with
     * a histogram estimate of its hidden literals is kept for its exact text only, and its shape
     * marked so that each text of it is planned (and kept) for its own values.
     */
    private PlanCache.Lease keep(PlanCache.Key key, SessionState ss, Planner planner, String sql, PlanCache.Tree tree) {
        if (key == null || !planner.cacheable() || tree instanceof Dml.Plan d && d.rows != null && d.rows.length > MAX_CACHED_VALUES_ROWS) {
            return null;
        }
        if (key.shape() && planner.peekedAtLiterals()) {
            plans.markPerText(key, ss.catalogVersion);
            key = ss.parsed.key(false, ss.useInvisibleIndexes);
        }
        return plans.put(key, ss.catalogVersion, tree);
    }

    /** INSERT ... VALUES with more rows than this is not cached: a bulk load's texts rarely repeat, and each would hold its compiled rows. */
    static final int MAX_CACHED_VALUES_ROWS = 64;

    /** A cached query plan. */
    private record QueryTree(Planner.Planned planned) implements PlanCache.Tree {
        @Override
        public Operator root() {
            return planned.root();
        }
    }

    /** A SELECT through the plan cache when the statement reads the shared catalog version. */
    private SqlResult select(Statement.Select s, SessionState ss, Planner planner, ExecContext ctx, String sql)
            throws SqlException {
        PlanCache.Key key = planKey(ss, sql);
        PlanCache.Lease lease = key == null ? null : plans.take(key, ss.catalogVersion, ss.startNanos);
        Planner.Planned p;
        if (lease != null) {
            p = ((QueryTree) lease.planned()).planned();
        } else {
            p = planner.planQuery(s.query());
            lease = keep(key, ss, planner, sql, new QueryTree(p));
        }
        planned(ss, p.root(), lease); // cached or not: instrumentation hashes the tree this execution runs
        boolean ok = false;
        try {
            SqlResult r = ss.streamRows > 0 && ss.streamFor == s ? ResultStream.open(this, ss, p, ctx, lease) // JDBC forward-only
                    : new SqlResult(p.names(), p.types(), drain(p.root(), ctx), 0);
            if (r.stream() != null) {
                lease = null; // the stream gives it back when it ends
            }
            ok = true;
            return r;
        } finally {
            if (lease != null) {
                plans.release(lease, ok);
            }
        }
    }

    private SqlResult dispatch(Statement st, SessionState ss, Transaction txn, Catalog catalog, Planner planner,
            ExecContext ctx, String sql) throws SqlException {
        if (st instanceof Statement.Select s) {
            return select(s, ss, planner, ctx, sql);
        } else if (st instanceof Statement.SelectForUpdate s) {
            LockingSelect.Planned p = new LockingSelect(this, ss, txn, catalog, planner, ctx).plan(s);
            planned(ss, p.root(), null); // not cached: its plan locks rows
            return new SqlResult(p.names(), p.types(), drain(p.root(), ctx), 0);
        } else if (st instanceof Statement.Explain e) {
            if (e.analyze()) {
                ctx.timeOperators();
            }
            Operator root;
            if (e.statement() instanceof Statement.Select s) {
                root = planner.planQuery(s.query()).root();
                if (e.analyze()) {
                    drain(root, ctx);
                }
            } else if (e.statement() instanceof Statement.SelectForUpdate s) {
                root = new LockingSelect(this, ss, txn, catalog, planner, ctx).plan(s).root();
                if (e.analyze()) {
                    drain(root, ctx); // the rows stay locked, as the query's would
                }
            } else if (e.statement() instanceof Statement.Update || e.statement() instanceof Statement.Delete) {
                root = new Dml(this, ss, txn, planner, ctx).explain(e.statement(), e.analyze());
                if (e.analyze()) { // the statement ran: its rows count for staleness
                    changed(ss, e.statement() instanceof Statement.Update u ? u.table() : ((Statement.Delete) e.statement()).table(),
                            root.actualRows());
                }
            } else {
                throw new SqlException("EXPLAIN is supported for SELECT (also FOR UPDATE), UPDATE and DELETE only",
                        SqlException.FEATURE_NOT_SUPPORTED);
            }
            List<String> lines = new ArrayList<>();
            Operator.explain(root, e.analyze(), 0, lines);
            List<Object[]> rows = new ArrayList<>();
            for (String l : lines) {
                rows.add(new Object[] {l});
            }
            return new SqlResult(List.of("plan"), List.of(SqlType.TEXT), rows, 0);
        }
        ss.sql = sql;
        Dml dml = new Dml(this, ss, txn, planner, ctx);
        Ddl ddl = new Ddl(this, ss, txn, catalog, ctx);
        if (st instanceof Statement.Insert i) {
            return changed(ss, i.table(), dml(st, ss, dml, planner, sql));
        } else if (st instanceof Statement.Update u) {
            return changed(ss, u.table(), dml(st, ss, dml, planner, sql));
        } else if (st instanceof Statement.Delete d) {
            return changed(ss, d.table(), dml(st, ss, dml, planner, sql));
        } else if (st instanceof Statement.Analyze a) {
            List<TableInfo> tables = a.table() == null ? catalog.tables() : List.of(catalog.table(a.table()));
            for (TableInfo t : tables) {
                Analyzer.analyze(txn, planner.access(t.name()), ctx);
                modifications.reset(t.name());
            }
        } else if (st instanceof Statement.CreateTable c) {
            ddl.createTable(c);
        } else if (st instanceof Statement.DropTable d) {
            ddl.dropTable(d);
            modifications.reset(d.name());
        } else if (st instanceof Statement.AddColumn a) {
            ddl.addColumn(a, planner);
        } else if (st instanceof Statement.DropColumn d) {
            ddl.dropColumn(d);
        } else if (st instanceof Statement.CreateIndex c) {
            ddl.createIndex(c);
            indexScans.remove(c.name()); // a new index with an old name starts from zero
        } else if (st instanceof Statement.AlterIndex a) {
            ddl.alterIndex(a);
        } else if (st instanceof Statement.AlterTableOwner o) {
            ddl.alterOwner(o);
        } else if (st instanceof Statement.DropIndex d) {
            ddl.dropIndex(d);
        } else if (st instanceof Statement.Reindex r) {
            ddl.reindex(r);
        } else {
            throw new SqlException(st.getClass().getSimpleName() + " is not supported yet", SqlException.FEATURE_NOT_SUPPORTED);
        }
        return SqlResult.count(0);
    }

    /** An INSERT, UPDATE or DELETE through the plan cache, as {@link #select} does. */
    private long dml(Statement st, SessionState ss, Dml dml, Planner planner, String sql) throws SqlException {
        PlanCache.Key key = planKey(ss, sql);
        PlanCache.Lease lease = key == null ? null : plans.take(key, ss.catalogVersion, ss.startNanos);
        Dml.Plan p;
        if (lease != null) {
            p = (Dml.Plan) lease.planned();
        } else {
            p = dml.plan(st);
            lease = keep(key, ss, planner, sql, p);
        }
        boolean ok = false;
        try {
            long n = dml.run(st, p, lease);
            ok = true;
            return n;
        } finally {
            if (lease != null) {
                plans.release(lease, ok);
            }
        }
    }

    /**
     * Runs one prepared INSERT ... VALUES, UPDATE or DELETE once per parameter set inside an open
     * transaction block, as that many statements would run (JDBC.md, "Batches"): each entry has
     * its own start time, snapshot (READ COMMITTED), savepoint, cancel request and timeout, and a
     * failed entry is undone alone and ends the batch. What the entries share is what a statement
     * would only read again: the catalog snapshot, the planner, the plan (held from the plan
     * cache for the whole batch), the reader registration and the hidden literals. The table's
     * SHARED lock, taken by the first entry and held to the transaction's end, keeps its
     * definition, and so the plan, valid for the entries after it.
     *
     * <p>While statement listeners or admission controllers are registered each entry is
     * instrumented as a statement of its own, by the same code as {@link #execute}'s statements
     * (INSTRUMENTATION.md, "Batches"): the controllers are asked before it runs (a rejection fails
     * it, and so the batch, with its SQLSTATE; nothing of it runs), and the listeners get its start
     * and end events with its own figures. A cancel or kill during the batch stops it: the entry
     * running fails with 57014, or, if it was not looking (a one-row entry checks no flag), the
     * next one does before it starts.
     *
     * <p>Returns null, having run nothing, where the shared state could change what an entry
     * does, so the caller runs the entries one by one: outside a transaction block (autocommit:
     * each entry commits), in an aborted block, and for statements with subqueries (an
     * uncorrelated subquery's result is kept for its statement) or INSERT ... SELECT.
     */
    public BatchResult executeBatch(Session session, String sql, Statement st, List<Object[]> parameterSets,
            Duration timeout) throws SqlException {
        if (!batchable(st)) {
            return null;
        }
        SessionState ss = sessions.get(session.id());
        if (ss == null || !ss.inBlock || ss.aborted || ss.terminatedBy != null) {
            return null;
        }
        Transaction open = session.transaction();
        if (open != null && !open.isActive()) {
            return null; // aborted by the transaction layer: the first entry fails with 25P02 on the plain path
        }
        if (ss.stream != null) {
            ss.stream.buffer(); // the session's open streaming result is read into memory first (ResultStream)
        }
        ParsedText parsed = recentText(session, sql, st);
        boolean shaped = planCacheEnabled && parsed.slots != null;
        ss.parsed = parsed;
        ss.shaped = shaped;
        Map<io.cairn.sql.internal.parser.Expr.Literal, Integer> outerLiterals = shaped
                ? io.cairn.sql.internal.expr.ExpressionCompiler.hideLiterals(parsed.slots) : null;
        long[] counts = new long[parameterSets.size()];
        int done = 0;
        SqlException failure = null;
        String table = st instanceof Statement.Insert i ? i.table()
                : st instanceof Statement.Update u ? u.table() : ((Statement.Delete) st).table();
        long changedRows = 0;
        Catalog catalog = null;
        Planner planner = null;
        Dml.Plan plan = null;
        PlanCache.Lease lease = null;
        boolean planOk = true;
        io.cairn.txn.CancelSignal outer = null;
        boolean watching = false;
        try {
            Transaction txn = open;
            enterReader(ss, txn); // before the transaction's snapshot is taken (see releaseDrops)
            ss.session = session;
            ss.sql = sql;
            io.cairn.sql.internal.exec.CancelFlag previous = null;
            for (; done < counts.length; done++) {
                long start = System.nanoTime();
                io.cairn.sql.internal.exec.CancelFlag cancel;
                try {
                    cancel = startRunning(ss, session, timeout, start);
                } catch (SqlException closed) { // 57P01: cairn:session-kill --close
                    failure = closed;
                    break;
                }
                if (previous != null && previous.get()) {
                    // a cancel the previous entry did not look at (it came between entries, or the
                    // entry checked no flag): the batch stops here, as inside a longer entry
                    String why = previous.reason() != null ? previous.reason() : "user request";
                    failure = new SqlException("canceling statement due to " + why, "57014");
                    break;
                }
                previous = cancel;
                long deadline = cancel.signal().deadlineNanos();
                io.cairn.txn.CancelSignal watched = session.watchCancel(cancel.signal());
                if (!watching) {
                    outer = watched;
                    watching = true;
                }
                EvalContext eval = EvalContext.startingAt(parameterSets.get(done), start, clock,
                        shaped ? parsed.hiddenValues : null);
                // listeners and controllers see the entry as a statement, through execute's own code
                Instrumentation.Run run = instrumentation.active()
                        ? instrumentation.begin(session, ss, parsed, cancel, deadline, start) : null;
                long n = 0;
                SqlException error = null;
                try {
                    if (run != null) {
                        instrumentation.admit(run, session, cancel); // a rejection: nothing of the entry ran
                    }
                    if (txn == null) { // the first entry begins the block's transaction, as a statement would
                        txn = begin(session, ss.nextLevel != null ? ss.nextLevel : ss.level, start);
                        readerTransaction(ss, txn);
                    }
                    Savepoint statementStart = txn.savepoint("sql$statement");
                    session.beginStatement(sql, start);
                    ExecContext ctx = null;
                    try {
                        if (planner == null) {
                            planner = statementPlanner(ss, session, txn, eval);
                            catalog = planner.catalog();
                        }
                        ctx = new ExecContext(txn, eval, cancel, deadline, maxMemoryRows, tempArea);
                        if (run != null && run.probed()) {
                            ctx.probe(run); // controllers see progress and memory, and may throttle
                        }
                        planner.bind(ctx);
                        ctx.onIndexScan(indexScanCounter);
                        Dml dml = new Dml(this, ss, txn, planner, ctx);
                        if (plan == null) {
                            PlanCache.Key key = planKey(ss, sql);
                            lease = key == null ? null : plans.take(key, ss.catalogVersion, start);
                            if (lease != null) {
                                plan = (Dml.Plan) lease.planned();
                            } else {
                                plan = dml.plan(st);
                                lease = keep(key, ss, planner, sql, plan);
                            }
                        }
                        planOk = false;
                        n = dml.run(st, plan, lease);
                        planOk = true;
                        if (lease == null) {
                            // a plan the cache may not keep is this execution's alone: the next entry plans
                            // anew, with a catalog and planner of its own, as a statement of its own would
                            planner.close();
                            planner = null;
                            plan = null;
                        }
                    } catch (SqlException | RuntimeException e) {
                        n = 0; // undone: a failed entry changed nothing
                        error = withSqlNames(e instanceof SqlException s ? s
                                : e instanceof TransactionException te ? sql(te)
                                : internal((RuntimeException) e), catalog);
                        undoStatement(ss, txn, false, statementStart);
                    } finally {
                        if (ctx != null) {
                            if (run != null) {
                                run.tempBytes = ctx.spilledBytes();
                            }
                            ctx.closeTempFiles();
                        }
                        session.endStatement();
                    }
                } catch (SqlException e) { // admission, or beginning the transaction
                    error = e;
                } catch (RuntimeException e) {
                    error = e instanceof TransactionException te ? sql(te) : internal(e);
                } catch (Error e) {
                    error = new SqlException("internal error: " + e, "XX000"); // the end event must not report success
                    throw e;
                } finally {
                    if (run != null) {
                        instrumentation.finish(run, ss, session, n, error);
                    }
                }
                if (error != null) {
                    failure = error;
                    break;
                }
                counts[done] = n;
                changedRows += n;
            }
        } finally {
            if (lease != null) {
                plans.release(lease, planOk);
            }
            if (planner != null) {
                planner.close();
            }
            if (changedRows > 0) {
                changed(ss, table, changedRows);
            }
            if (shaped) {
                io.cairn.sql.internal.expr.ExpressionCompiler.hideLiterals(outerLiterals);
            }
            if (watching) {
                session.watchCancel(outer);
            }
            leaveReader(ss);
            stoppedRunning(ss, session);
        }
        return new BatchResult(java.util.Arrays.copyOf(counts, done), failure);
    }

    /** Statements {@link #executeBatch} runs as one: DML whose entries share nothing but the plan. */
    private static boolean batchable(Statement st) {
        if (!(st instanceof Statement.Insert i && i.query() == null || st instanceof Statement.Update
                || st instanceof Statement.Delete)) {
            return false;
        }
        boolean[] subquery = new boolean[1];
        io.cairn.sql.internal.parser.AstWalker.walk(st, e -> {
            if (e instanceof io.cairn.sql.internal.parser.Expr.InSubquery || e instanceof io.cairn.sql.internal.parser.Expr.Exists
                    || e instanceof io.cairn.sql.internal.parser.Expr.ScalarSubquery) {
                subquery[0] = true;
            }
        });
        return !subquery[0];
    }

    /** Notes the rows a DML statement changed, counted for staleness when its transaction commits. */
    private static SqlResult changed(SessionState ss, String table, long rows) {
        if (rows > 0) {
            ss.changes.merge(table, rows, Long::sum);
        }
        return SqlResult.count(rows);
    }

    /** Persists the in-memory staleness counts; the database calls it before it closes. */
    public void flushStatistics() {
        modifications.flushAll();
    }

    private static List<Object[]> drain(Operator root, ExecContext ctx) throws SqlException {
        List<Object[]> rows = new ArrayList<>();
        root.open(ctx);
        try {
            Object[] r;
            while ((r = root.next()) != null) {
                rows.add(r);
            }
        } finally {
            root.close();
        }
        return rows;
    }

    // ---- trees

    /** Creates a new transaction-layer table for a SQL table ({@code kind} "t") or index ("i"). Not transactional. */
    String createTree(String kind) {
        String name = TREE_PREFIX + kind + treeIds.incrementAndGet();
        manager.createTable(name);
        return name;
    }

    /**
     * After a transaction with DDL ends: drops the trees it created or dropped that the committed
     * catalog does not name (a rolled-back CREATE, a committed DROP). Creating and dropping trees
     * is not transactional in the transaction layer, so this is how DDL stays atomic.
     */
    void cleanTrees(SessionState ss) {
        ss.ddlTables.clear();
        ss.unusableIndexTrees.clear();
        ss.unusableFor = null;
        ss.catalogTxn = null;
        if (ss.touchedTrees.isEmpty()) {
            return;
        }
        Set<String> candidates = new HashSet<>(ss.touchedTrees);
        ss.touchedTrees.clear();
        Session s = manager.openSession("sql-ddl", "drop unused trees");
        try (s) {
            Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
            Catalog c = new Catalog(t);
            for (TableInfo ti : c.tables()) {
                candidates.remove(ti.tree());
                for (IndexInfo i : c.indexesOf(ti.name())) {
                    candidates.remove(i.tree());
                }
            }
            t.rollback();
            // every snapshot at or after this SCN sees the committed catalog just read (a commit
            // may return before its SCN is the visible one: its own SCN bounds that)
            long seenFrom = Math.max(manager.currentScn(), ss.commitScn);
            ss.commitScn = 0;
            for (String tree : candidates) {
                pendingDrops.merge(tree, seenFrom, Math::max);
            }
        }
        releaseDrops();
    }

    /** A statement of {@code ss} is about to pick (or begin) its transaction. */
    private void enterReader(SessionState ss, Transaction open) {
        synchronized (readers) {
            Reader r = readers.get(ss);
            if (r == null) {
                r = new Reader();
                readers.put(ss, r);
                r.floor = manager.currentScn();
            } else if (r.txn == null || !r.txn.isActive()) {
                r.txn = null; // an earlier transaction ended unseen (one the caller ended)
                r.floor = manager.currentScn();
            }
            if (open != null && open.isActive()) {
                r.txn = open; // a caller's transaction: its snapshot may be older than the floor
            }
            r.running = true;
        }
    }

    private void readerTransaction(SessionState ss, Transaction txn) {
        synchronized (readers) {
            Reader r = readers.get(ss);
            if (r != null) {
                r.txn = txn;
            }
        }
    }

    /**
     * The statement ended: an ended (autocommit) transaction is done reading; a block's (or a caller's)
     * transaction stays a reader until it ends, since a SNAPSHOT transaction reads its later
     * statements' catalog at the same old snapshot. Then drops what no reader can see any more.
     */
    void leaveReader(SessionState ss) {
        synchronized (readers) {
            Reader r = readers.get(ss);
            if (r != null) {
                r.running = false;
                if (r.txn == null || !r.txn.isActive()) {
                    readers.remove(ss);
                }
            }
        }
        releaseDrops();
    }

    /**
     * Drops the pending trees no reader can still use: a reader whose snapshot is older than the
     * SCN recorded with the drop may have read a catalog naming the tree. A reader registers
     * (under the same lock) before its snapshot is taken, with the newest SCN at that moment as a
     * lower bound, so one this scan misses has a snapshot that already sees every recorded drop.
     */
    private void releaseDrops() {
        if (pendingDrops.isEmpty()) {
            return;
        }
        List<String> ready = new ArrayList<>();
        synchronized (readers) {
            long oldest = Long.MAX_VALUE;
            for (java.util.Iterator<Reader> it = readers.values().iterator(); it.hasNext();) {
                Reader r = it.next();
                Transaction t = r.txn;
                if (t != null && !t.isActive() && !r.running) {
                    it.remove(); // a caller's transaction that ended
                    continue;
                }
                long s = r.floor;
                if (t != null && t.isActive()) {
                    long snap = t.snapshotScn();
                    if (snap >= 0) { // an older snapshot kept by an open cursor counts, too
                        s = Math.min(s, snap);
                    }
                }
                oldest = Math.min(oldest, s);
            }
            long now = System.nanoTime();
            for (Map.Entry<String, Long> e : pendingDrops.entrySet()) {
                DropRetry retry = dropRetries.get(e.getKey());
                if (e.getValue() <= oldest && (retry == null || now - retry.notBeforeNanos() >= 0)) {
                    ready.add(e.getKey());
                }
            }
        }
        for (String tree : ready) {
            Long seenFrom = pendingDrops.remove(tree);
            if (seenFrom == null) {
                continue; // another thread dropped it
            }
            try {
                manager.dropTable(tree);
            } catch (TransactionException e) {
                if (!TransactionException.UNDEFINED_TABLE.equals(e.sqlState())) {
                    dropFailed(tree, seenFrom, e);
                    continue;
                }
                // already gone
            } catch (RuntimeException e) {
                // not the caller's failure: its statement (or session close) succeeded
                dropFailed(tree, seenFrom, e);
                continue;
            }
            DropRetry retried = dropRetries.remove(tree);
            if (retried != null) {
                System.getLogger(SqlEngine.class.getName()).log(System.Logger.Level.INFO,
                        "dropped storage tree {0} after {1} failed attempt(s)", tree, retried.failures());
            }
            rowIds.remove(tree);
        }
    }

    /**
     * A physical drop failed: the tree stays pending (so it is neither lost until the next open's
     * sweep nor dropped while a reader may use it) and a later release tries again after a pause.
     */
    private void dropFailed(String tree, long seenFrom, RuntimeException e) {
        DropRetry prior = dropRetries.get(tree);
        int failures = prior == null ? 1 : prior.failures() + 1;
        long pause = dropRetryPauseNanos << Math.min(failures - 1, 6); // 1 s, 2 s, ... about a minute
        dropRetries.put(tree, new DropRetry(failures, System.nanoTime() + pause));
        treeDropFailures.incrementAndGet();
        pendingDrops.merge(tree, seenFrom, Math::max); // after the retry entry: no release takes it back at once
        System.getLogger(SqlEngine.class.getName()).log(System.Logger.Level.WARNING,
                "could not drop storage tree " + tree + " that no committed catalog names (failure " + failures
                        + "); a later statement end retries in " + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(pause)
                        + " ms, the next open at the latest", e);
    }

    /** Physical tree drops that failed since the engine opened (each is retried; v$transaction_stats). */
    public long treeDropFailures() {
        return treeDropFailures.get();
    }

    /** Trees whose drop committed but that a reader may still use (tests, v$ views). */
    /** Every committed table with its owner and pages (Database.tableStorage). */
    public List<io.cairn.sql.TableStorage> tableStorage() {
        Session s = manager.openSession("sql-catalog", "table storage");
        try (s) {
            Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
            try {
                CatalogCache.Snapshot shared = catalogs.snapshotFor(t);
                return KernelViews.tableStorage(shared != null ? shared.catalog : new Catalog(t), manager);
            } finally {
                t.rollback();
            }
        }
    }

    public int pendingTreeDrops() {
        return pendingDrops.size();
    }

    /**
     * Takes the SHARED table lock DML needs before it reads or writes, then makes sure no DDL on
     * the table committed since this statement read the catalog (the lock waits for any that was
     * running): otherwise the statement would write with a stale column or index list. 40001 asks
     * the client to retry.
     */
    void lockForWrite(SessionState ss, Transaction txn, TableAccess a) throws SqlException {
        try {
            txn.lockTable(a.table().tree(), io.cairn.txn.TableLockMode.SHARED);
        } catch (TransactionException e) {
            throw sql(e);
        }
        if (ss.ddlTables.contains(a.table().tree())) {
            return;
        }
        if (ss.catalogVersion != 0 && catalogs.unchangedSince(ss.catalogVersion)) {
            return; // no catalog change committed (or is committing) since the statement's catalog was read
        }
        boolean same;
        Session s = manager.openSession("sql-catalog", "catalog check");
        try (s) {
            Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
            Catalog fresh = new Catalog(t);
            TableInfo committed = fresh.findTable(a.table().name());
            same = a.table().equals(committed) && a.indexes().equals(fresh.indexesOf(a.table().name()));
            t.rollback();
        }
        if (!same) {
            throw new SqlException("the definition of table \"" + a.table().name()
                    + "\" changed while this statement started; retry", TransactionException.SERIALIZATION_FAILURE);
        }
    }

    /**
     * After DDL took a table's EXCLUSIVE lock: under READ COMMITTED, reads from here on see every
     * row committed before the lock was granted (a new statement snapshot).
     */
    void lockedForDdl(SessionState ss, Transaction txn, String tree) {
        ss.ddlTables.add(tree);
        if (txn.isolation() == IsolationLevel.READ_COMMITTED && ss.session != null) {
            ss.session.endStatement();
            ss.session.beginStatement(ss.sql, ss.startNanos);
        }
    }

    /** The row id source of a table without a primary key, continuing after the largest id stored. */
    AtomicLong rowIds(Transaction txn, TableAccess a) throws SqlException {
        if (!a.table().hasRowId()) {
            return null;
        }
        synchronized (rowIds) {
            AtomicLong ids = rowIds.get(a.table().tree());
            if (ids == null) {
                long max = 0;
                try (RowCursor c = txn.scan(a.table().tree(), null, true, null, true, true)) {
                    if (c.next()) {
                        max = (Long) a.keyCodec().decode(c.key())[0];
                    }
                }
                ids = new AtomicLong(max);
                rowIds.put(a.table().tree(), ids);
            }
            return ids;
        }
    }
}
