package io.cairn.monitoring.internal.rsrc;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.BOOLEAN;
import static io.cairn.sql.SystemView.ColumnType.DOUBLE;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/**
 * {@code v$rsrc_user_storage}: each user with a storage quota ({@code user.storage.mb}) in this
 * database, the bytes its tables and indexes use now, the quota, and how many statements the quota
 * refused. Sizes are read when the view is queried (the page store keeps them; no scan).
 */
@Component(service = SystemView.class)
public final class RsrcUserStorageView implements SystemView {

    private static final List<Column> COLUMNS = List.of(new Column("group_name", VARCHAR),
            new Column("username", VARCHAR), new Column("database_name", VARCHAR), new Column("used_bytes", BIGINT),
            new Column("quota_bytes", BIGINT), new Column("pct_used", DOUBLE), new Column("over_quota", BOOLEAN),
            new Column("rejected", BIGINT));

    private final ResourceManager manager;

    @Activate
    public RsrcUserStorageView(@Reference ResourceManagerComponent component) {
        this(component.manager());
    }

    RsrcUserStorageView(ResourceManager manager) {
        this.manager = manager;
    }

    @Override
    public String name() {
        return "v$rsrc_user_storage";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (ResourceManager.UserStorage u : manager.userStorage(ctx.databaseName())) {
            rows.add(new Object[] {u.group().name(), u.user(), u.database(), u.usedBytes(), u.quotaBytes(),
                    Math.round(1000.0 * u.usedBytes() / u.quotaBytes()) / 10.0, u.overQuota(), u.rejected()});
        }
        return rows;
    }
}
