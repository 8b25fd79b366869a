package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cairn.monitoring.internal.metrics.Scrape;
import io.cairn.pool.internal.TestPools;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.ContainerDatabases;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.Session;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/**
 * The Grafana dashboard and Prometheus alert rules shipped in the bundle use only series a real
 * scrape has: every metric name in every query and rule expression, and every exact label
 * matcher ({@code state="active"}) on it.
 */
class DashboardAndRulesTest {

    private static final Pattern METRIC = Pattern.compile("(?<![a-zA-Z0-9_:])(cairn_[a-zA-Z0-9_:]*)(\\{([^}]*)\\})?");
    private static final Pattern EXACT_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

    @TempDir
    Path dir;

    @Test
    void everyDashboardQueryAndAlertRuleUsesSeriesOfARealScrape() throws Exception {
        List<String> dashboard = dashboardQueries();
        List<String> rules = ruleExpressions();
        assertTrue(dashboard.size() >= 20, "dashboard queries: " + dashboard.size());
        assertTrue(rules.size() >= 10, "rules: " + rules.size());

        try (TestDatabase db = new TestDatabase("default", dir);
                Session s = db.transactions().openSession("ann", "app")) {
            MetricsComponent metrics = new MetricsComponent();
            Components.bind(metrics, db);
            AshComponent ash = new AshComponent(1000, 1000, metrics.metrics(), false);
            ash.addDatabase(db);
            Workload.run(db, 3, 1);
            s.beginStatement("SELECT 1");
            ash.sampleNow();
            // a real connection pool over a container database, for the cairn_pool_* panel
            TransactionManager poolDb = TransactionManager.open(dir.resolve("pooled"), StorageOptions.defaults(),
                    TransactionOptions.defaults());
            Scrape scrape;
            try (ContainerDatabases.Lease lease = ContainerDatabases.lend("pooled", dir.resolve("pooled"), poolDb,
                    new SqlEngine(poolDb)); TestPools.Opened pool = TestPools.open("name", "app", "database", "pooled")) {
                new PluginMetricsComponent(metrics.metrics()).addPool(pool.pool());
                scrape = Scrape.of(metrics.exposition());
            } finally {
                poolDb.close();
            }

            TreeSet<String> used = new TreeSet<>();
            List<String> all = new ArrayList<>(dashboard);
            all.addAll(rules);
            for (String expr : all) {
                Matcher m = METRIC.matcher(expr);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    String name = m.group(1);
                    used.add(name);
                    assertTrue(scrape.sampleNames().contains(name), name + " (in `" + expr + "`) is not in the scrape");
                    Map<String, String> exact = exactMatchers(m.group(3));
                    assertTrue(scrape.lines.stream().anyMatch(l -> l.name().equals(name)
                            && l.labels().entrySet().containsAll(exact.entrySet())),
                            name + exact + " (in `" + expr + "`) matches no series of the scrape");
                }
                assertTrue(any, "an expression without a Cairn metric: " + expr);
            }
            assertTrue(used.size() >= 30, "the dashboard and rules cover the metrics: " + used);
        }
    }

    @Test
    void theDashboardHasItsThreeSectionsAndEveryPanelAQuery() throws Exception {
        JsonNode dash = dashboard();
        assertEquals("cairn-overview", dash.get("uid").asText());
        List<String> rows = new ArrayList<>();
        for (JsonNode p : dash.get("panels")) {
            if (p.get("type").asText().equals("row")) {
                rows.add(p.get("title").asText());
            } else {
                assertFalse(p.get("targets").isEmpty(), p.get("title").asText());
            }
        }
        assertEquals(List.of("Overview", "Performance", "Resources"), rows);
    }

    private static Map<String, String> exactMatchers(String selector) {
        Map<String, String> exact = new LinkedHashMap<>();
        if (selector != null) {
            for (String part : selector.split(",")) {
                Matcher m = EXACT_MATCHER.matcher(part.trim());
                if (m.matches()) { // =~ and != matchers select by pattern: not checked here
                    exact.put(m.group(1), m.group(2));
                }
            }
        }
        return exact;
    }

    private static JsonNode dashboard() throws Exception {
        try (InputStream in = resource("monitoring/grafana-dashboard.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<String> dashboardQueries() throws Exception {
        List<String> out = new ArrayList<>();
        collect(dashboard(), out);
        return out;
    }

    /** Every "expr" of a panel target and every "definition" of a template variable. */
    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("expr") || e.getKey().equals("definition")) && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleExpressions() throws Exception {
        try (InputStream in = resource("monitoring/prometheus-alerts.yml")) {
            Map<String, Object> doc = new Yaml().load(in);
            List<String> out = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    assertNotNull(rule.get("alert"), "every rule is an alert: " + rule);
                    Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
                    assertTrue(List.of("info", "warning", "error", "critical").contains(labels.get("severity")),
                            rule.get("alert") + " severity");
                    out.add(rule.get("expr").toString());
                }
            }
            return out;
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DashboardAndRulesTest.class.getClassLoader().getResourceAsStream(name);
        assertNotNull(in, name + " is in the bundle");
        return in;
    }
}
