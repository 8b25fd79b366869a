package io.cairn.monitoring.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.SqlStatsComponent;
import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.web.RestException;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** {@code /stats/queries} ranks the shapes real JDBC statements left in the plugin's v$sql figures. */
class QueryStatsResourceTest {

    @TempDir
    Path dir;

    @Test
    void queriesAreRankedByTheOrderAskedAndBadParametersAre400() throws Exception {
        SqlStatsComponent stats = new SqlStatsComponent(1000, 100, dir.resolve("log"), new CairnMetrics());
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath())) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            engine.setDatabaseName("shop");
            engine.addStatementListener(stats);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))");
                for (int i = 0; i < 30; i++) {
                    st.executeUpdate("INSERT INTO item VALUES (" + i + ", 'n" + i + "')");
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM item WHERE id = ?")) {
                for (int i = 0; i < 5; i++) {
                    p.setInt(1, i);
                    p.executeQuery().close();
                }
            }
            engine.removeStatementListener(stats);
        }
        QueryStatsResource route = new QueryStatsResource(stats);
        assertEquals("/stats/queries", route.path());
        assertEquals(Role.VIEWER, route.requiredRole());

        RestResponse byExecutions = route.handle(new Get("/stats/queries", Map.of("database", "shop", "order", "executions")));
        Map<?, ?> body = (Map<?, ?>) byExecutions.body();
        assertEquals(3, body.get("shapes"), body.toString());
        assertEquals(36L, body.get("executions"));
        List<?> queries = (List<?>) body.get("queries");
        Map<?, ?> first = (Map<?, ?>) queries.get(0);
        assertEquals(30L, first.get("executions"), "every INSERT is one shape: " + first);
        assertEquals("insert into item values (?, ?)", first.get("sql_text"), "literals normalized to one shape");
        Map<?, ?> second = (Map<?, ?>) queries.get(1);
        assertEquals(5L, second.get("executions"));
        assertEquals(5L, second.get("rows"), "each lookup returned one row");

        Map<?, ?> top1 = (Map<?, ?>) route.handle(new Get("/stats/queries",
                Map.of("database", "shop", "order", "rows", "top", "1"))).body();
        assertEquals(1, ((List<?>) top1.get("queries")).size());
        assertEquals(0, ((List<?>) ((Map<?, ?>) route.handle(new Get("/stats/queries", Map.of("database", "other")))
                .body()).get("queries")).size());

        RestException badOrder = assertThrows(RestException.class,
                () -> route.handle(new Get("/stats/queries", Map.of("order", "cpu"))));
        assertEquals(400, badOrder.status());
        assertTrue(badOrder.getMessage().contains("order must be one of"), badOrder.getMessage());
        assertEquals(400, assertThrows(RestException.class,
                () -> route.handle(new Get("/stats/queries", Map.of("top", "0")))).status());
    }
}
