package io.cairn.txn;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Asks garbage collection to keep row versions back to an SCN (flashback's undo retention).
 * Asked at every VACUUM; must answer quickly and not block.
 */
@ConsumerType
public interface VersionRetention {

    /** Keep every version needed to read as of this SCN; {@link Long#MAX_VALUE} asks for nothing. */
    long retainFromScn();
}
