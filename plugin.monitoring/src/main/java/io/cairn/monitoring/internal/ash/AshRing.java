package io.cairn.monitoring.internal.ash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The in-memory Active Session History: a ring of the newest {@code capacity} session samples.
 * When full, each new sample overwrites the oldest, so memory stays bounded whatever the load.
 */
public final class AshRing {

    private final AshSample[] ring;
    private int next;
    private long added;

    public AshRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        ring = new AshSample[capacity];
    }

    public synchronized void addAll(Collection<AshSample> samples) {
        for (AshSample s : samples) {
            ring[next] = s;
            next = next + 1 == ring.length ? 0 : next + 1;
        }
        added += samples.size();
    }

    public int capacity() {
        return ring.length;
    }

    /** Samples held now (at most the capacity). */
    public synchronized int size() {
        return (int) Math.min(added, ring.length);
    }

    /** Samples ever added, including those overwritten since. */
    public synchronized long added() {
        return added;
    }

    /** The held samples of {@code database} (every database when null) taken at or after {@code from}, oldest first. */
    public List<AshSample> since(Instant from, String database) {
        List<AshSample> out = new ArrayList<>();
        synchronized (this) {
            int size = size();
            int start = size < ring.length ? 0 : next;
            for (int i = 0; i < size; i++) {
                AshSample s = ring[(start + i) % ring.length];
                if (!s.sampleTime().isBefore(from) && (database == null || database.equals(s.database()))) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The time of the oldest sample held, or null when empty. */
    public synchronized Instant oldest() {
        int size = size();
        if (size == 0) {
            return null;
        }
        return ring[size < ring.length ? 0 : next].sampleTime();
    }
}
