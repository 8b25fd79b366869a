package io.cairn.monitoring.internal.ash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cairn.txn.SessionRegistry;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.SessionState;

/**
 * Takes one Active Session History sample of a database: every ACTIVE session in its
 * {@link SessionRegistry} becomes one {@link AshSample} in the ring. Idle sessions are not
 * sampled, as in Oracle's ASH, so the cost follows the active sessions, not the open ones.
 */
public final class AshSampler {

    private final AshRing ring;

    public AshSampler(AshRing ring) {
        this.ring = ring;
    }

    /** Samples {@code registry}'s active sessions under {@code sampleId}; returns how many were active. */
    public int sample(long sampleId, Instant time, String database, SessionRegistry registry) {
        return take(sampleId, time, database, registry).size();
    }

    /** As {@link #sample}, returning the samples added. */
    public List<AshSample> take(long sampleId, Instant time, String database, SessionRegistry registry) {
        List<SessionSnapshot> sessions = registry.sessions();
        List<AshSample> active = new ArrayList<>(Math.min(sessions.size(), 256));
        for (SessionSnapshot s : sessions) {
            if (s.state() == SessionState.ACTIVE) {
                active.add(AshSample.of(sampleId, time, database, s));
            }
        }
        ring.addAll(active);
        return active;
    }

    public AshRing ring() {
        return ring;
    }
}
