package io.cairn.storage;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.storage.internal.store.PageStore;

/**
 * A Cairn database directory: one data file of 8 KiB pages, a write-ahead log, and named B+trees.
 * Changes to trees become atomic at a log point and durable at {@link #commit(byte[])}; after a
 * crash, {@link #open} redoes every complete, durable log group. Thread-safe.
 */
@ProviderType
public interface Storage extends AutoCloseable {

    /** Bytes per page of the data file (since 0.5.0). */
    int PAGE_SIZE = 8192;

    /** Opens (creating if needed) the database in {@code dir}, running redo recovery if it was not closed cleanly. */
    static Storage open(Path dir, StorageOptions options) {
        return PageStore.open(dir, options);
    }

    /** The tree named {@code name}; fails if there is none. */
    Tree openTree(String name);

    /** Creates an empty tree; fails if the name is taken. */
    Tree createTree(String name);

    /** Removes a tree and frees its pages. */
    void dropTree(String name);

    /** Names of every tree, sorted. */
    List<String> treeNames();

    /** Makes every change so far atomic and durable; returns the commit's LSN. */
    long commit(byte[] payload);

    /** Makes every change so far atomic (one log group) without waiting for the disk; returns its LSN. */
    long logPoint(byte[] payload);

    /** Waits until the log is durable up to and including {@code lsn}. */
    void flush(long lsn);

    void checkpoint(CheckpointMode mode);

    /** Checks every page's checksum, every tree's structure, the free list, and finds orphan pages. */
    VerifyReport verify();

    /**
     * Moves pages from the end of the file into free pages and truncates the file. Changes wait
     * while it runs; refused while a backup session is open.
     */
    CompactionResult compact();

    FragmentationStats fragmentation();

    StorageStats stats();

    /**
     * Why the store refuses changes, or null while it works: after a write or fsync of the
     * write-ahead log failed, or a tree change failed halfway, every later change is refused
     * (reads go on) until the database is reopened, which recovers every committed change.
     * Health checks report it (since 0.3.0).
     */
    String failure();

    /** Starts a page-level backup; log segments are kept until the session is closed. */
    BackupSession beginBackup();

    /** Sets (or with null removes) the archiver that receives log segments before they are recycled. */
    void setWalArchiver(WalArchiver archiver);

    /** Commits nothing further: runs a full checkpoint, marks the file cleanly shut down and closes it. */
    @Override
    void close();
}
