package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.DOUBLE;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.MetricsComponent;
import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.Sample;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/**
 * {@code v$metric}: every series of the plugin's metric registry with its current value, exactly
 * what {@code /metrics} would serve now (all databases; filter on the {@code database} column).
 */
@Component(service = SystemView.class)
public final class MetricView extends MonitoringView {

    private final CairnMetrics metrics;

    @Activate
    public MetricView(@Reference MetricsComponent metrics) {
        super("v$metric",
                new Column("metric_name", VARCHAR), new Column("metric_type", VARCHAR), new Column("database", VARCHAR),
                new Column("labels", VARCHAR), new Column("value", DOUBLE), new Column("help", VARCHAR));
        this.metrics = metrics.metrics();
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (CairnMetrics.FamilySamples f : metrics.collect()) {
            for (Sample s : f.samples()) {
                String labels = s.labels().entrySet().stream().filter(e -> !e.getKey().equals("database"))
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
                rows.add(new Object[] {s.name(), f.family().type().text(), s.labels().get("database"),
                    labels.isEmpty() ? null : labels, s.value(), f.family().help()});
            }
        }
        return rows;
    }
}
