package io.cairn.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoolSettingsTest {

    @Test
    void defaultsNeedOnlyAName() {
        PoolSettings s = PoolSettings.from(Configs.pool("name", "orders"));
        assertEquals(new PoolSettings("orders", "default", 10, 2, 30_000, 600_000, 1_800_000, "orders",
                "READ_COMMITTED", false, true), s);
    }

    @Test
    void everySettingIsParsed() {
        PoolSettings s = PoolSettings.from(Configs.pool("name", "bi-reports", "database", "sales", "maximumPoolSize", "4",
                "minimumIdle", "0", "connectionTimeout", "750ms", "idleTimeout", "0", "maxLifetime", "1h",
                "user", "reporter", "isolation", "snapshot", "readOnly", "TRUE", "autoCommit", "false"));
        assertEquals(new PoolSettings("bi-reports", "sales", 4, 0, 750, 0, 3_600_000, "reporter", "SNAPSHOT", true,
                false), s);
    }

    @Test
    void aBadValueFailsNamingThePoolAndTheSetting() {
        String[][] cases = {
            {"name", ""}, {"name", "1st"}, {"name", "has space"},
            {"database", "no-dash"}, {"maximumPoolSize", "0"}, {"maximumPoolSize", "ten"}, {"maximumPoolSize", "1001"},
            {"minimumIdle", "11"}, {"minimumIdle", "-1"}, {"connectionTimeout", "100ms"}, {"connectionTimeout", "soon"},
            {"idleTimeout", "5s"}, {"maxLifetime", "10s"}, {"idleTimeout", "40m"}, {"isolation", "SERIALIZABLE"},
            {"readOnly", "yes"}, {"autoCommit", ""},
        };
        for (String[] c : cases) {
            String[] kv = c[0].equals("name") ? c : new String[] {"name", "p1", c[0], c[1]};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PoolSettings.from(Configs.pool(kv)), c[0] + " = " + c[1]);
            String setting = c[0].equals("idleTimeout") && c[1].equals("40m") ? "maxLifetime"
                    : c[0].equals("minimumIdle") && c[1].equals("11") ? "maximumPoolSize" : c[0];
            assertTrue(e.getMessage().contains(setting), e.getMessage());
            if (!c[0].equals("name")) {
                assertTrue(e.getMessage().startsWith("pool 'p1': "), e.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> PoolSettings.from(Configs.pool()), "a name is required");
    }
}
