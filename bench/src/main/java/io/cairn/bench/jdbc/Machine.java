package io.cairn.bench.jdbc;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The machine a run measured on, as the results page states it: cores, memory, the file store under
 * the engines' directory, the JVM, and the load average sampled before each repetition and at the
 * end (the machine may be shared: a high load says the numbers are noisy).
 */
final class Machine {

    private final String description;
    private final List<Double> loadAverages = Collections.synchronizedList(new ArrayList<>());

    private Machine(String description) {
        this.description = description;
    }

    static Machine describe(Path dir) throws IOException {
        Files.createDirectories(dir);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long ram = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        FileStore store = Files.getFileStore(dir);
        String rotational = rotational(store.name());
        String d = String.format(Locale.ROOT,
                "%d CPUs (%s %s %s), %.1f GiB RAM; engines' directory %s on %s (%s, %.0f GiB%s); Java %s %s,"
                        + " max heap %d MiB, JVM args %s",
                os.getAvailableProcessors(), os.getName(), os.getVersion(), os.getArch(),
                ram / (double) (1L << 30), dir.toAbsolutePath(), store.name(), store.type(),
                store.getTotalSpace() / (double) (1L << 30), rotational,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getRuntimeMXBean().getInputArguments());
        return new Machine(d);
    }

    /** ", rotational" / ", not rotational" from sysfs for a /dev/xxx device, or nothing if unknown. */
    private static String rotational(String device) {
        if (!device.startsWith("/dev/")) {
            return "";
        }
        Path flag = Path.of("/sys/block", device.substring(5), "queue", "rotational");
        try {
            String v = Files.readString(flag).strip();
            return v.equals("1") ? ", reported rotational" : v.equals("0") ? ", reported not rotational" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Records the 1-minute load average now. */
    void sampleLoad() {
        loadAverages.add(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    List<Double> loadAverages() {
        return List.copyOf(loadAverages);
    }

    @Override
    public String toString() {
        return description;
    }
}
