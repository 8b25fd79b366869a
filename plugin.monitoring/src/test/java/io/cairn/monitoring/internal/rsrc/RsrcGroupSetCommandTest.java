package io.cairn.monitoring.internal.rsrc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code cairn:rsrc-group-set}'s key=value handling. */
class RsrcGroupSetCommandTest {

    @Test
    void assignmentsChangeOnlyTheirKeysAndAnEmptyValueResetsOne() {
        Map<String, Object> current = Map.of("name", "batch", "users", "etl", "cpu.per.statement.ms", "100");
        Map<String, Object> next = RsrcGroupSetCommand.merge(current,
                List.of("io.pages.per.second=5000", "cpu.per.statement.ms=", "users = etl,reporter"));
        assertEquals(Map.of("name", "batch", "users", "etl,reporter", "io.pages.per.second", "5000"), next);
        ResourceGroup g = ResourceGroup.parse(next, "batch");
        assertEquals(0, g.cpuPerStatementMillis());
        assertEquals(5000, g.ioPagesPerSecond());
    }

    @Test
    void anArgumentWithoutEqualsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RsrcGroupSetCommand.merge(Map.of(), List.of("users=etl", "throttle")));
        assertTrue(e.getMessage().contains("expected key=value, got 'throttle'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RsrcGroupSetCommand.merge(Map.of(), List.of("=5")));
    }
}
