package io.cairn.txn.internal;

import java.util.ArrayList;
import java.util.List;

/** Something that holds and waits for locks: a transaction, or the garbage collector (which never waits). */
class LockOwner {

    final long txnId;
    final SessionImpl session;
    /** The locks held (their entries in the lock table); guarded by the lock manager's mutex. */
    final List<LockManager.Entry> held = new ArrayList<>();
    /** The request this owner waits on, or null; guarded by the lock manager's mutex. */
    LockManager.Request waiting;

    LockOwner(long txnId, SessionImpl session) {
        this.txnId = txnId;
        this.session = session;
    }

    long sessionId() {
        return session == null ? 0 : session.id();
    }
}
