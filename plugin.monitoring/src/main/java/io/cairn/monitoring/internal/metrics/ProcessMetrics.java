package io.cairn.monitoring.internal.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import static io.cairn.monitoring.internal.metrics.MetricFamily.Type.COUNTER;
import static io.cairn.monitoring.internal.metrics.MetricFamily.Type.GAUGE;

/** Series of the Karaf process the databases run in: CPU, JVM memory, resident memory, threads, uptime. */
public final class ProcessMetrics {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMetrics() {
    }

    /** Registers the process series, owned by {@code owner}. */
    public static void register(CairnMetrics m, Object owner) {
        if (ProcessHandle.current().info().totalCpuDuration().isPresent()) { // not every OS reports it
            m.gauge(m.family("cairn_process_cpu_seconds_total", COUNTER,
                    "CPU time (user and system) used by the whole process, all databases and plugins included."),
                    Map.of(), owner, () -> ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e9);
        }
        if (residentBytes() >= 0) { // Linux
            m.gauge(m.family("cairn_process_resident_memory_bytes", GAUGE,
                    "Resident set size of the process (VmRSS)."), Map.of(), owner, ProcessMetrics::residentBytes);
        }
        m.gauge(m.family("cairn_process_uptime_seconds", GAUGE, "Seconds since the JVM started."), Map.of(), owner,
                () -> ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        m.gauge(m.family("cairn_jvm_threads", GAUGE, "Live JVM threads."), Map.of(), owner,
                () -> ManagementFactory.getThreadMXBean().getThreadCount());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory(m, owner, "heap", memory::getHeapMemoryUsage);
        memory(m, owner, "nonheap", memory::getNonHeapMemoryUsage);
    }

    private static void memory(CairnMetrics m, Object owner, String area, java.util.function.Supplier<MemoryUsage> usage) {
        Map<String, String> l = Map.of("area", area);
        series(m, owner, l, "cairn_jvm_memory_used_bytes", "JVM memory in use, by area (heap, nonheap).",
                usage, MemoryUsage::getUsed);
        series(m, owner, l, "cairn_jvm_memory_committed_bytes", "JVM memory committed by the OS, by area.",
                usage, MemoryUsage::getCommitted);
        series(m, owner, l, "cairn_jvm_memory_max_bytes", "Most JVM memory the area may use; NaN when unbounded.",
                usage, u -> u.getMax() < 0 ? Double.NaN : u.getMax());
    }

    private static void series(CairnMetrics m, Object owner, Map<String, String> l, String name, String help,
            java.util.function.Supplier<MemoryUsage> usage, Function<MemoryUsage, Number> f) {
        m.gauge(m.family(name, GAUGE, help), l, owner, () -> f.apply(usage.get()));
    }

    /** VmRSS from /proc/self/status in bytes, or -1 where there is no such file. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // the kernel reports kB
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
        return -1;
    }
}
