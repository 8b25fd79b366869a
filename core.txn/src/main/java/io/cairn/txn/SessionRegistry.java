package io.cairn.txn;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Every open session; cheap enough to sample every second with hundreds of sessions (v$session, ASH). */
@ProviderType
public interface SessionRegistry {

    List<SessionSnapshot> sessions();

    /** The session, or null if it is not open. */
    SessionSnapshot session(long sessionId);
}
