package io.cairn.sql.internal.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cairn.sql.SystemView;
import io.cairn.sql.SystemView.Column;
import io.cairn.sql.SystemView.ColumnType;
import io.cairn.sql.SystemViewContext;
import io.cairn.sql.internal.catalog.Catalog;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.IndexInfo;
import io.cairn.sql.internal.catalog.Statistics;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.storage.Storage;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.VersionStats;
import io.cairn.txn.WaitEventStats;

/** The views every engine has: information_schema and the kernel's v$ views. */
final class KernelViews {

    private KernelViews() {
    }

    /** The context the engine gives views: also the statement's transaction and catalog, for kernel views. */
    record Context(String databaseName, TransactionManager transactionManager, long sessionId, Transaction transaction,
            Catalog catalog, java.util.function.ToLongFunction<String> indexScans,
            java.util.function.ToLongFunction<String> modifications, SqlEngine engine) implements SystemViewContext {
    }

    private record View(String name, List<Column> columns, Function<Context, List<Object[]>> rows) implements SystemView {
        @Override
        public Iterable<Object[]> rows(SystemViewContext ctx) {
            return rows.apply((Context) ctx);
        }
    }

    private static Column col(String name, ColumnType type) {
        return new Column(name, type);
    }

    private static final ColumnType V = ColumnType.VARCHAR;
    private static final ColumnType B = ColumnType.BIGINT;
    private static final ColumnType TS = ColumnType.TIMESTAMP;

    static List<SystemView> all() {
        return List.of(
                new View("information_schema.tables", List.of(col("table_name", V), col("table_type", V),
                        col("table_owner", V)), KernelViews::tables),
                new View("v$segment", List.of(col("owner", V), col("segment_name", V), col("segment_type", V),
                        col("table_name", V), col("pages", B), col("bytes", B)), KernelViews::segments),
                new View("information_schema.columns", List.of(col("table_name", V), col("column_name", V),
                        col("ordinal_position", ColumnType.INT), col("data_type", V), col("is_nullable", V),
                        col("column_default", V)), KernelViews::columns),
                new View("v$session", List.of(col("sid", B), col("username", V), col("client_info", V), col("state", V),
                        col("sql_text", V), col("sql_start", TS), col("wait_event", V), col("wait_class", V),
                        col("wait_start", TS), col("txn_id", B), col("txn_start", TS), col("blocking_session", B),
                        col("application_name", V), col("client_user", V), col("client_hostname", V), col("module", V),
                        col("sql_id", V), col("plan_hash", V)),
                        KernelViews::sessions),
                new View("v$lock", List.of(col("sid", B), col("txn_id", B), col("table_name", V), col("lock_key", V),
                        col("lock_mode", V), col("status", V), col("wait_start", TS), col("blocking_sessions", V)),
                        KernelViews::locks),
                new View("v$system_event", List.of(col("event", V), col("wait_class", V), col("total_waits", B),
                        col("time_waited_micro", B)), KernelViews::events),
                new View("v$transaction_stats", List.of(col("current_scn", B), col("retention_horizon", B),
                        col("undo_versions", B), col("dead_versions", B), col("locks_held", B), col("lock_waits", B),
                        col("deadlocks", B), col("lock_timeouts", B), col("pending_tree_drops", B),
                        col("tree_drop_failures", B)), KernelViews::transactionStats),
                new View("v$table_statistics", List.of(col("table_name", V), col("analyzed", ColumnType.BOOLEAN),
                        col("num_rows", B), col("num_columns_analyzed", ColumnType.INT), col("last_analyzed", TS),
                        col("analyzed_scn", B), col("modifications", B), col("stale", ColumnType.BOOLEAN)),
                        KernelViews::tableStatistics),
                new View("v$column_statistics", List.of(col("table_name", V), col("column_name", V),
                        col("num_distinct", B), col("null_fraction", ColumnType.DOUBLE), col("min_value", V),
                        col("max_value", V), col("histogram_buckets", ColumnType.INT)), KernelViews::columnStatistics),
                new View("v$histogram", List.of(col("table_name", V), col("column_name", V),
                        col("bucket", ColumnType.INT), col("high_value", V), col("range_rows", B), col("eq_rows", B),
                        col("distinct_range_rows", B)), KernelViews::histograms),
                new View("v$index_usage", List.of(col("index_name", V), col("table_name", V), col("column_names", V),
                        col("is_unique", ColumnType.BOOLEAN), col("visible", ColumnType.BOOLEAN), col("index_scans", B)),
                        KernelViews::indexes));
    }

    private static List<Object[]> tables(Context c) {
        List<Object[]> rows = new ArrayList<>();
        for (TableInfo t : c.catalog().tables()) {
            rows.add(new Object[] {t.name(), "BASE TABLE", t.ownerName()});
        }
        return rows;
    }

    /** One row per table and per index: its owner (the table's) and its pages now. */
    private static List<Object[]> segments(Context c) {
        List<Object[]> rows = new ArrayList<>();
        TransactionManager m = c.transactionManager();
        for (TableInfo t : c.catalog().tables()) {
            long pages = m.tablePages(t.tree());
            rows.add(new Object[] {t.ownerName(), t.name(), "TABLE", t.name(), pages, pages * Storage.PAGE_SIZE});
            for (IndexInfo i : c.catalog().indexesOf(t.name())) {
                long ip = m.tablePages(i.tree());
                rows.add(new Object[] {t.ownerName(), i.name(), "INDEX", t.name(), ip, ip * Storage.PAGE_SIZE});
            }
        }
        return rows;
    }

    /** Every table of {@code catalog} with its owner and the pages of its rows and indexes. */
    static List<io.cairn.sql.TableStorage> tableStorage(Catalog catalog, TransactionManager m) {
        List<io.cairn.sql.TableStorage> out = new ArrayList<>();
        for (TableInfo t : catalog.tables()) {
            long indexPages = 0;
            List<IndexInfo> indexes = catalog.indexesOf(t.name());
            for (IndexInfo i : indexes) {
                indexPages += m.tablePages(i.tree());
            }
            out.add(new io.cairn.sql.TableStorage(t.name(), t.ownerName(), m.tablePages(t.tree()), indexPages,
                    indexes.size()));
        }
        return out;
    }

    private static List<Object[]> columns(Context c) {
        List<Object[]> rows = new ArrayList<>();
        for (TableInfo t : c.catalog().tables()) {
            int pos = 0;
            for (int p : t.visibleColumns()) {
                ColumnInfo col = t.columns().get(p);
                rows.add(new Object[] {t.name(), col.name(), ++pos, col.type().toSql(), col.notNull() ? "NO" : "YES",
                        col.defaultSql()});
            }
        }
        return rows;
    }

    private static LocalDateTime time(Instant i) {
        return i == null ? null : LocalDateTime.ofInstant(i, ZoneId.systemDefault());
    }

    private static Long id(long id) {
        return id <= 0 ? null : id;
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static List<Object[]> sessions(Context c) {
        List<Object[]> rows = new ArrayList<>();
        for (SessionSnapshot s : c.transactionManager().sessionRegistry().sessions()) {
            rows.add(new Object[] {s.sessionId(), s.user(), s.clientInfo(), name(s.state()), s.statementText(),
                    time(s.statementStart()), s.waitEvent(), name(s.waitClass()), time(s.waitStart()), id(s.txnId()),
                    time(s.transactionStart()), id(s.blockingSessionId()), s.applicationName(), s.clientUser(),
                    s.clientHostname(), s.module(), s.sqlId(), s.planHashHex()});
        }
        return rows;
    }

    private static String key(byte[] k) {
        return k == null ? null : HexFormat.of().formatHex(k);
    }

    private static List<Object[]> locks(Context c) {
        LockSnapshot l = c.transactionManager().locks();
        // the transaction layer locks storage trees (sql.t7); a user knows the table by its SQL name
        java.util.Map<String, String> names = c.catalog().objectNamesByTree();
        List<Object[]> rows = new ArrayList<>();
        for (LockSnapshot.Held h : l.held()) {
            rows.add(new Object[] {id(h.sessionId()), id(h.txnId()), names.getOrDefault(h.table(), h.table()),
                    key(h.key()), h.mode(), "HELD", null, null});
        }
        for (LockSnapshot.Waiter w : l.waiters()) {
            String blockers = w.blockingSessionIds().stream().map(String::valueOf).collect(Collectors.joining(","));
            rows.add(new Object[] {id(w.sessionId()), id(w.txnId()), names.getOrDefault(w.table(), w.table()),
                    key(w.key()), w.mode(), "WAITING", time(w.since()), blockers});
        }
        return rows;
    }

    private static List<Object[]> events(Context c) {
        List<Object[]> rows = new ArrayList<>();
        for (WaitEventStats e : c.transactionManager().waitEvents().snapshot()) {
            rows.add(new Object[] {e.event(), name(e.waitClass()), e.waits(), e.totalNanos() / 1000});
        }
        return rows;
    }

    private static List<Object[]> transactionStats(Context c) {
        TransactionManager m = c.transactionManager();
        VersionStats v = m.versionStats();
        LockSnapshot l = m.locks();
        return List.<Object[]>of(new Object[] {m.currentScn(), v.horizon(), v.undoVersions(), v.deadVersions(),
                l.locksHeld(), l.lockWaits(), l.deadlocks(), l.timeouts(), (long) c.engine().pendingTreeDrops(),
                c.engine().treeDropFailures()});
    }

    /** Share of rows changed since ANALYZE above which a table's statistics are stale. */
    static final double STALE_FRACTION = 0.10;

    private static List<Object[]> tableStatistics(Context c) {
        List<Object[]> rows = new ArrayList<>();
        for (TableInfo t : c.catalog().tables()) {
            Statistics.TableStats s = Statistics.read(c.transaction(), t.name());
            long changed = c.modifications().applyAsLong(t.name());
            LocalDateTime at = s == null || s.analyzedAtMillis() == 0 ? null
                    : LocalDateTime.ofInstant(Instant.ofEpochMilli(s.analyzedAtMillis()), ZoneId.systemDefault());
            rows.add(new Object[] {t.name(), s != null, s == null ? null : s.rows(), s == null ? null : s.columns().size(),
                at, s == null || s.analyzedScn() == 0 ? null : s.analyzedScn(), changed,
                s == null ? null : changed > STALE_FRACTION * s.rows()});
        }
        return rows;
    }

    private static List<Object[]> columnStatistics(Context c) {
        List<Object[]> rows = new ArrayList<>();
        forEachAnalyzedColumn(c, (table, column, cs) -> rows.add(new Object[] {table, column, cs.distinct(),
            cs.nullFraction(), cs.min(), cs.max(), cs.histogram().size()}));
        return rows;
    }

    private static List<Object[]> histograms(Context c) {
        List<Object[]> rows = new ArrayList<>();
        forEachAnalyzedColumn(c, (table, column, cs) -> {
            int n = 0;
            for (Statistics.Bucket b : cs.histogram()) {
                rows.add(new Object[] {table, column, ++n, b.high(), b.rangeRows(), b.eqRows(), b.distinctRange()});
            }
        });
        return rows;
    }

    private interface ColumnStatsVisitor {
        void visit(String table, String column, Statistics.ColumnStats stats);
    }

    /** Every column of every table ANALYZE has run on, as the statement's transaction sees it. */
    private static void forEachAnalyzedColumn(Context c, ColumnStatsVisitor visitor) {
        for (TableInfo t : c.catalog().tables()) {
            Statistics.TableStats s = Statistics.read(c.transaction(), t.name());
            if (s != null) {
                s.columns().forEach((column, cs) -> visitor.visit(t.name(), column, cs));
            }
        }
    }

    private static List<Object[]> indexes(Context c) {
        List<Object[]> rows = new ArrayList<>();
        for (TableInfo t : c.catalog().tables()) {
            for (IndexInfo i : c.catalog().indexesOf(t.name())) {
                List<String> names = new ArrayList<>();
                for (int k = 0; k < i.columns().size(); k++) {
                    names.add(t.columns().get(i.columns().get(k)).name() + (i.descending(k) ? " DESC" : ""));
                }
                String cols = String.join(",", names);
                rows.add(new Object[] {i.name(), t.name(), cols, i.unique(), i.visible(), c.indexScans().applyAsLong(i.name())});
            }
        }
        return rows;
    }

}
