package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;
import io.cairn.storage.BufferPoolStats;
import io.cairn.storage.StorageStats;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionStats;

/**
 * {@code v$sysstat}: the database's cumulative statistics since it opened, one row per statistic,
 * as Oracle's view of the same name (name, class, value). Current values live in v$metric.
 */
@Component(service = SystemView.class)
public final class SysstatView extends MonitoringView {

    public SysstatView() {
        super("v$sysstat",
                new Column("name", VARCHAR), new Column("class", VARCHAR), new Column("value", BIGINT));
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        TransactionManager tm = ctx.transactionManager();
        TransactionStats txn = tm.transactionStats();
        StorageStats st = tm.storage().stats();
        BufferPoolStats bp = st.bufferPool();
        LockSnapshot locks = tm.locks();
        List<Object[]> rows = new ArrayList<>();
        row(rows, "user commits", "Transaction", txn.commits());
        row(rows, "user rollbacks", "Transaction", txn.rollbacks());
        row(rows, "buffer pool hits", "Cache", bp.hits());
        row(rows, "buffer pool misses", "Cache", bp.misses());
        row(rows, "physical reads", "Cache", bp.reads());
        row(rows, "physical writes", "Cache", bp.writes());
        row(rows, "buffer pool evictions", "Cache", bp.evictions());
        row(rows, "redo log points", "Redo", st.logPoints());
        row(rows, "redo pages logged", "Redo", st.pagesLogged());
        row(rows, "redo bytes written", "Redo", st.walBytesWritten());
        row(rows, "redo fsyncs", "Redo", st.walFsyncs());
        row(rows, "redo fsync time micro", "Redo", st.walFsyncNanos() / 1_000);
        row(rows, "checkpoints", "Redo", st.checkpoints());
        row(rows, "lock waits", "Concurrency", locks.lockWaits());
        row(rows, "deadlocks", "Concurrency", locks.deadlocks());
        row(rows, "lock timeouts", "Concurrency", locks.timeouts());
        return rows;
    }

    private static void row(List<Object[]> rows, String name, String cls, long value) {
        rows.add(new Object[] {name, cls, value});
    }
}
