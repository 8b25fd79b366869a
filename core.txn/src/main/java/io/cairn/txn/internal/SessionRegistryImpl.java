package io.cairn.txn.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

import io.cairn.txn.SessionRegistry;
import io.cairn.txn.SessionSnapshot;

/** The open sessions, in id order; a snapshot reads volatile fields only. */
final class SessionRegistryImpl implements SessionRegistry {

    private final ConcurrentSkipListMap<Long, SessionImpl> sessions = new ConcurrentSkipListMap<>();

    void add(SessionImpl s) {
        sessions.put(s.id(), s);
    }

    void remove(SessionImpl s) {
        sessions.remove(s.id(), s);
    }

    List<SessionImpl> open() {
        return new ArrayList<>(sessions.values());
    }

    @Override
    public List<SessionSnapshot> sessions() {
        List<SessionSnapshot> list = new ArrayList<>(sessions.size());
        for (SessionImpl s : sessions.values()) {
            list.add(s.snapshot());
        }
        return list;
    }

    @Override
    public SessionSnapshot session(long sessionId) {
        SessionImpl s = sessions.get(sessionId);
        return s == null ? null : s.snapshot();
    }
}
