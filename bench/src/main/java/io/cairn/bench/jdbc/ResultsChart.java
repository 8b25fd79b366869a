package io.cairn.bench.jdbc;

import io.cairn.bench.jdbc.JdbcComparison.Engine;
import io.cairn.bench.jdbc.JdbcComparison.Results;
import io.cairn.bench.jdbc.JdbcComparison.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * A grouped bar chart of a JDBC comparison: one group per workload, one bar per engine. The
 * workloads have different units, so each bar is the engine's speed relative to the fastest engine
 * on that workload (1.0 = fastest; for the timed workloads, the fastest time over the engine's).
 */
final class ResultsChart {

    static void write(Results results, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        title += "; (!) = an engine's run was wrong, see the page's Problems";
        CategoryChart chart = new CategoryChartBuilder().width(1300).height(520).title(title)
                .xAxisTitle("workload").yAxisTitle("speed relative to the fastest engine (1.0 = fastest)").build();
        List<Workload> shown = new ArrayList<>();
        for (Workload w : Workload.values()) {
            if (results.medians().values().stream().anyMatch(m -> m.containsKey(w))) {
                shown.add(w);
            }
        }
        // A workload where some engine's run was wrong (lost commits, broken invariant) is marked: its bar is not a fair speed.
        List<String> labels = shown.stream().map(w -> w.shortLabel + (Arrays.stream(Engine.values())
                .anyMatch(e -> JdbcComparison.wrong(results, e, w) != null) ? " (!)" : "")).toList();
        for (Engine e : Engine.values()) {
            Map<Workload, Double> m = results.medians().get(e);
            if (m == null) {
                continue;
            }
            List<Double> ys = new ArrayList<>();
            for (Workload w : shown) {
                ys.add(relative(results, e, w));
            }
            chart.addSeries(e.id(), labels, ys);
        }
        String file = png.toString();
        BitmapEncoder.saveBitmap(chart, file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapFormat.PNG);
    }

    /** The engine's speed on {@code w} over the fastest engine's; 0 when it has no value. */
    static double relative(Results results, Engine engine, Workload w) {
        Double v = results.medians().get(engine).get(w);
        if (v == null || v <= 0) {
            return 0;
        }
        double best = results.medians().values().stream().map(m -> m.get(w)).filter(x -> x != null && x > 0)
                .mapToDouble(Double::doubleValue).reduce(w.higherIsBetter ? Math::max : Math::min).orElse(v);
        return w.higherIsBetter ? v / best : best / v;
    }

    private ResultsChart() {
    }
}
