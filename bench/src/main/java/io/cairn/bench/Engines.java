package io.cairn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** Opens the engine a benchmark's {@code engine} parameter names, in a scratch directory, and loads it. */
public final class Engines {

    public static final String CAIRN = "cairn";
    public static final String MVSTORE = "mvstore";

    /** Scratch directories go here; point it at the disk you mean to measure. */
    public static final String DIR_PROPERTY = "cairn.bench.dir";

    private Engines() {
    }

    public static KeyValueStore open(String engine, Path dir, long cacheBytes) {
        return switch (engine) {
            case CAIRN -> new CairnStore(dir, cacheBytes);
            case MVSTORE -> new MvStoreStore(dir, cacheBytes);
            default -> throw new IllegalArgumentException("unknown engine '" + engine + "', expected cairn or mvstore");
        };
    }

    /** Puts keys 0..keys-1 in ascending order (a bulk load), then commits durably. */
    public static void load(KeyValueStore store, int keys, int valueSize) {
        for (long k = 0; k < keys; k++) {
            store.put(Keys.key(k), Keys.value(k, valueSize));
        }
        store.commit();
    }

    public static Path scratchDir(String prefix) {
        try {
            Path base = Paths.get(System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "cairn-bench-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
