package io.cairn.web.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.ObjectName;

import io.cairn.sql.Database;
import io.cairn.storage.BufferPoolStats;
import io.cairn.storage.StorageStats;

/**
 * Rates over a real window: samples each database's cumulative counters (commit SCN, pages read
 * and written, WAL bytes, buffer pool hits and misses) and the process CPU time once a second,
 * and computes a rate as the difference between now and the oldest sample at most
 * {@link #WINDOW_NANOS} old.
 */
final class PerformanceSampler {

    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final int KEEP = 64;

    record Sample(long nanos, long scn, long reads, long writes, long walBytes, long hits, long misses, long cpuNanos) {
    }

    private final Kernel kernel;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    PerformanceSampler(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Called once a second by the component's scheduler (and by tests). */
    void sample() {
        samples.keySet().retainAll(kernel.databases.keySet());
        for (Database db : kernel.databases.values()) {
            Sample s;
            try {
                s = take(db);
            } catch (RuntimeException closing) {
                continue; // a database closing between the lookup and the read
            }
            Deque<Sample> d = samples.computeIfAbsent(db.name(), k -> new ArrayDeque<>());
            synchronized (d) {
                d.addLast(s);
                while (d.size() > KEEP) {
                    d.removeFirst();
                }
            }
        }
    }

    static Sample take(Database db) {
        StorageStats st = db.storage().stats();
        BufferPoolStats bp = st.bufferPool();
        return new Sample(System.nanoTime(), db.transactions().currentScn(), bp.reads(), bp.writes(),
                st.walBytesWritten(), bp.hits(), bp.misses(), processCpuNanos());
    }

    /** The performance report of one database, as JSON-writable values. */
    Map<String, Object> report(Database db) {
        Sample now = take(db);
        Sample then = oldestInWindow(db.name(), now.nanos());
        StorageStats st = db.storage().stats();
        long pageSize = pageSize(db.name(), st.bufferPool());
        double seconds = then == null ? 0 : (now.nanos() - then.nanos()) / 1e9;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("database", db.name());
        r.put("window_seconds", round(seconds));
        r.put("transactions_per_second", rate(now.scn(), then == null ? 0 : then.scn(), seconds));
        r.put("committed_transactions", now.scn());

        Map<String, Object> cpu = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        cpu.put("available_processors", cores);
        cpu.put("process_cpu_seconds", round(now.cpuNanos() / 1e9));
        cpu.put("process_cpu_ratio", then == null || seconds == 0 || now.cpuNanos() < 0 ? 0.0
                : round((now.cpuNanos() - then.cpuNanos()) / 1e9 / seconds / cores));
        r.put("cpu", cpu);

        Runtime rt = Runtime.getRuntime();
        BufferPoolStats bp = st.bufferPool();
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("heap_used_bytes", rt.totalMemory() - rt.freeMemory());
        mem.put("heap_committed_bytes", rt.totalMemory());
        mem.put("heap_max_bytes", rt.maxMemory());
        mem.put("buffer_pool_bytes", (long) bp.capacityFrames() * pageSize);
        mem.put("buffer_pool_used_bytes", (long) bp.usedFrames() * pageSize);
        r.put("memory", mem);

        Map<String, Object> io = new LinkedHashMap<>();
        io.put("page_size", pageSize);
        io.put("data_read_bytes", now.reads() * pageSize);
        io.put("data_written_bytes", now.writes() * pageSize);
        io.put("wal_written_bytes", now.walBytes());
        io.put("data_read_bytes_per_second", rate(now.reads() * pageSize, then == null ? 0 : then.reads() * pageSize, seconds));
        io.put("data_written_bytes_per_second",
                rate(now.writes() * pageSize, then == null ? 0 : then.writes() * pageSize, seconds));
        io.put("wal_written_bytes_per_second", rate(now.walBytes(), then == null ? 0 : then.walBytes(), seconds));
        r.put("disk_io", io);

        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("hit_ratio", round(bp.hitRatio()));
        long dh = then == null ? 0 : now.hits() - then.hits();
        long dm = then == null ? 0 : now.misses() - then.misses();
        cache.put("hit_ratio_window", dh + dm == 0 ? null : round((double) dh / (dh + dm)));
        cache.put("hits", bp.hits());
        cache.put("misses", bp.misses());
        r.put("cache", cache);

        var locks = db.transactions().locks();
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("held", locks.locksHeld());
        l.put("waiting", locks.waiters().size());
        l.put("waits_total", locks.lockWaits());
        l.put("deadlocks_total", locks.deadlocks());
        l.put("timeouts_total", locks.timeouts());
        r.put("locks", l);
        return r;
    }

    /**
     * Bytes per page, from the kernel's own figures: the configured buffer pool size over its
     * number of frames (one frame holds one page); 0 when the parameters are not published.
     */
    private long pageSize(String database, BufferPoolStats bp) {
        var params = kernel.parameters.get(database);
        if (params == null || bp.capacityFrames() == 0) {
            return 0;
        }
        return params.parameters().stream().filter(p -> p.name().equals("buffer_pool_size"))
                .mapToLong(p -> p.value() / bp.capacityFrames()).findFirst().orElse(0);
    }

    private Sample oldestInWindow(String name, long now) {
        Deque<Sample> d = samples.get(name);
        if (d == null) {
            return null;
        }
        synchronized (d) {
            for (Sample s : d) {
                if (now - s.nanos() <= WINDOW_NANOS && now - s.nanos() > 0) {
                    return s;
                }
            }
        }
        return null;
    }

    private static double rate(long now, long then, double seconds) {
        return seconds <= 0 ? 0.0 : round((now - then) / seconds);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The JVM's CPU time in ns (all threads), or -1 when the platform does not say. */
    static long processCpuNanos() {
        try {
            Object v = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
            return v instanceof Long l ? l : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
