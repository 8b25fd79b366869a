package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.TIMESTAMP;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.ash.AshSample;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/**
 * {@code v$ash}: the in-memory Active Session History of the database queried, oldest sample
 * first.
 */
@Component(service = SystemView.class)
public final class AshView extends MonitoringView {

    private final AshComponent ash;

    @Activate
    public AshView(@Reference AshComponent ash) {
        super("v$ash",
                new Column("sample_id", BIGINT), new Column("sample_time", TIMESTAMP), new Column("sid", BIGINT),
                new Column("username", VARCHAR), new Column("client_info", VARCHAR), new Column("session_state", VARCHAR),
                new Column("event", VARCHAR), new Column("wait_class", VARCHAR), new Column("sql_text", VARCHAR),
                new Column("sql_start", TIMESTAMP), new Column("txn_id", BIGINT), new Column("blocking_session", BIGINT),
                new Column("sql_id", VARCHAR), new Column("plan_hash", VARCHAR), new Column("module", VARCHAR));
        this.ash = ash;
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (AshSample s : ash.ring().since(Instant.EPOCH, ctx.databaseName())) {
            rows.add(new Object[] {s.sampleId(), local(s.sampleTime()), s.sessionId(), s.user(), s.clientInfo(),
                s.sessionState(), s.event(), s.waitClass(), s.sqlText(), local(s.sqlStart()),
                s.txnId() == 0 ? null : s.txnId(), s.blockingSession() == 0 ? null : s.blockingSession(),
                s.sqlId(), s.planHash(), s.module()});
        }
        return rows;
    }

    /** Timestamps are local date-times in the JVM's zone, like the kernel's views. */
    static LocalDateTime local(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, ZoneId.systemDefault());
    }
}
