package io.cairn.monitoring.internal.view;

import java.util.List;

import io.cairn.sql.SystemView;

/** A v$ view of this plugin: a fixed name and column list; subclasses compute the rows. */
abstract class MonitoringView implements SystemView {

    private final String name;
    private final List<Column> columns;

    MonitoringView(String name, Column... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Column> columns() {
        return columns;
    }
}
