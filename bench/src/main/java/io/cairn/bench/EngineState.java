package io.cairn.bench;

import java.nio.file.Path;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What every engine benchmark shares: which engine, how many keys, record and cache sizes, and a
 * scratch directory for its files. Subclasses open it in their trial setup.
 */
@State(Scope.Benchmark)
public abstract class EngineState {

    @Param({Engines.CAIRN, Engines.MVSTORE})
    public String engine;

    /** Size of the key space; the read and put benchmarks load every key first. */
    @Param("1000000")
    public int keys;

    @Param("100")
    public int valueSize;

    /** Cairn's buffer pool and MVStore's page cache get the same budget. */
    @Param("256")
    public int cacheMiB;

    protected Path dir;
    protected KeyValueStore store;

    protected void open(String prefix, boolean load) {
        dir = Engines.scratchDir(prefix + "-" + engine);
        store = Engines.open(engine, dir, (long) cacheMiB << 20);
        if (load) {
            Engines.load(store, keys, valueSize);
        }
    }

    protected void closeAndDelete() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            store = null;
            Engines.delete(dir);
        }
    }
}
