package io.cairn.monitoring.internal.rsrc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ResourceGroupTest {

    @Test
    void readsEveryKeyFromTheStringsOfACfgFile() {
        ResourceGroup g = ResourceGroup.parse(Map.of("users", "Alice, bob", "databases", "sales",
                "max.concurrent.statements", "4", "concurrency.policy", "REJECT", "max.queue.wait.ms", "500",
                "cpu.per.statement.ms", "100", "cpu.policy", "allow", "statement.timeout.ms", "60000",
                "max.sessions", "10", "sessions.policy", "allow"), "batch");
        assertEquals("batch", g.name());
        assertEquals(Set.of("alice", "bob"), g.users());
        assertEquals(Set.of("sales"), g.databases());
        assertEquals(4, g.maxConcurrentStatements());
        assertEquals(ResourceGroup.Policy.REJECT, g.concurrencyPolicy());
        assertEquals(100, g.cpuPerStatementMillis());
        assertEquals(ResourceGroup.Policy.ALLOW, g.cpuPolicy());
        assertEquals(60_000, g.statementTimeoutMillis());
        assertEquals(10, g.maxSessions());
        assertEquals("statements 4 (reject), cpu 100 ms (allow), timeout 60000 ms (terminate), sessions 10 (allow)", g.limits());
    }

    @Test
    void memoryAndIoLimitsWithTheirPolicies() {
        ResourceGroup g = ResourceGroup.parse(Map.of("users", "etl", "memory.per.statement.mb", "64",
                "io.pages.per.second", "5000"), "batch");
        assertEquals(64, g.memoryPerStatementMb());
        assertEquals(ResourceGroup.Policy.TERMINATE, g.memoryPolicy());
        assertEquals(5000, g.ioPagesPerSecond());
        assertEquals(ResourceGroup.Policy.THROTTLE, g.ioPolicy(), "an I/O rate throttles by default");
        assertEquals("memory 64 MB (terminate), io 5000 pages/s (throttle)", g.limits());
        assertEquals(ResourceGroup.Policy.TERMINATE, ResourceGroup.parse(Map.of("users", "etl", "io.pages.per.second",
                "10", "io.policy", "Terminate"), "b").ioPolicy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceGroup.parse(Map.of(
                "users", "x", "memory.per.statement.mb", "2000000", "memory.policy", "throttle", "io.pages.per.second",
                "fast", "io.policy", "queue", "cpu.per.statement.ms", "5", "cpu.policy", "throttle"), "batch"));
        String m = e.getMessage();
        assertTrue(m.contains("'memory.per.statement.mb' must be between 0 and 1048576, was 2000000"), m);
        assertTrue(m.contains("'memory.policy' must be one of terminate, allow, was 'throttle'"), m);
        assertTrue(m.contains("'io.pages.per.second' must be a whole number, was 'fast'"), m);
        assertTrue(m.contains("'io.policy' must be one of throttle, terminate, allow, was 'queue'"), m);
        assertTrue(m.contains("'cpu.policy' must be one of terminate, allow, was 'throttle'"), m);
    }

    @Test
    void aStorageQuotaInMegabytesAndItsBadValues() {
        ResourceGroup g = ResourceGroup.parse(Map.of("users", "ann", "user.storage.mb", "512"), "tenants");
        assertEquals(512, g.userStorageMb());
        assertEquals("storage per user 512 MB (reject growth)", g.limits());
        assertEquals(512L, g.properties().get("user.storage.mb"));
        assertEquals(0, ResourceGroup.parse(Map.of("users", "ann"), "t").userStorageMb(), "unlimited by default");
        for (Object[] bad : new Object[][] {{"-1", "'user.storage.mb' must be between 0 and 1073741824, was -1"},
                {"lots", "'user.storage.mb' must be a whole number, was 'lots'"},
                {"1.5", "'user.storage.mb' must be a whole number, was '1.5'"},
                {"10g", "'user.storage.mb' must be a whole number, was '10g'"},
                {"2000000000", "'user.storage.mb' must be between 0 and 1073741824, was 2000000000"}}) {
            ResourceGroup.InvalidGroupException e = assertThrows(ResourceGroup.InvalidGroupException.class,
                    () -> ResourceGroup.parse(Map.of("users", "ann", "user.storage.mb", bad[0]), "tenants"));
            assertTrue(e.getMessage().startsWith("resource group 'tenants' is invalid and not active: "), e.getMessage());
            assertTrue(e.getMessage().contains((String) bad[1]), e.getMessage());
            assertEquals(java.util.List.of("user.storage.mb"), e.keys());
        }
    }

    @Test
    void typedValuesAndArraysWorkToo() {
        ResourceGroup g = ResourceGroup.parse(Map.of("name", "etl", "users", new String[] {"etl"}, "default", true,
                "max.sessions", 3), null);
        assertTrue(g.isDefault());
        assertEquals(3, g.maxSessions());
        assertEquals(ResourceGroup.Policy.QUEUE, g.concurrencyPolicy());
        assertEquals(10_000, g.maxQueueWaitMillis());
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceGroup.parse(Map.of(
                "users", "x", "max.concurent.statements", "2", "cpu.per.statement.ms", "-5", "max.sessions", "many",
                "cpu.policy", "queue", "default", "yes"), "batch"));
        String m = e.getMessage();
        assertTrue(m.startsWith("resource group 'batch' is invalid and not active: "), m);
        assertTrue(m.contains("unknown key 'max.concurent.statements'"), m);
        assertTrue(m.contains("'cpu.per.statement.ms' must be between 0 and 86400000, was -5"), m);
        assertTrue(m.contains("'max.sessions' must be a whole number, was 'many'"), m);
        assertTrue(m.contains("'cpu.policy' must be one of terminate, allow, was 'queue'"), m);
        assertTrue(m.contains("'default' must be true or false, was 'yes'"), m);
    }

    @Test
    void aGroupNeedsANameAndSomeoneToGovern() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceGroup.parse(Map.of("users", "a"), null))
                .getMessage().contains("'name' is missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceGroup.parse(Map.of("name", "1x", "users", "a"), null))
                .getMessage().contains("invalid name '1x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceGroup.parse(Map.of("name", "g"), null))
                .getMessage().contains("would govern nobody"));
    }

    @Test
    void theNameComesFromTheFactoryConfiguration() {
        assertEquals("batch", ResourceGroupComponent.configurationName(Map.of("service.pid", "io.cairn.rsrc.group~batch")));
        assertEquals("web", ResourceGroupComponent.configurationName(Map.of("service.pid", "io.cairn.rsrc.group.1234",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/io.cairn.rsrc.group-web.cfg")));
        // what SCR hands the component from a Karaf file, framework keys included
        ResourceGroup g = ResourceGroupComponent.read(Map.<String, Object>of("service.pid", "io.cairn.rsrc.group~olap",
                "service.factoryPid", "io.cairn.rsrc.group", "felix.fileinstall.filename", "file:/k/etc/io.cairn.rsrc.group-olap.cfg",
                "component.name", "io.cairn.monitoring.internal.rsrc.ResourceGroupComponent", "component.id", 12L,
                "osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)", "users", "u"));
        assertEquals("olap", g.name());
        assertEquals(null, ResourceGroupComponent.read(Map.<String, Object>of("service.pid", "io.cairn.rsrc.group~olap")),
                "invalid: logged, not active");
    }

    @Test
    void aGroupForOneDatabaseWinsOverOneForAll() {
        try (ResourceManager m = new ResourceManager(50)) {
            m.putGroup(ResourceGroup.parse(Map.of("name", "a_all", "users", "u"), null));
            m.putGroup(ResourceGroup.parse(Map.of("name", "z_sales", "users", "u", "databases", "sales"), null));
            m.putGroup(ResourceGroup.parse(Map.of("name", "dflt", "default", "true", "databases", "hr"), null));
            assertEquals("z_sales", m.groupOf("sales", "u").name());
            assertEquals("a_all", m.groupOf("hr", "u").name());
            assertEquals("dflt", m.groupOf("hr", "v").name());
            assertEquals(null, m.groupOf("sales", "v"));
        }
    }
}
