package io.cairn.sql.internal.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.cairn.sql.SqlException;

/**
 * A database's temp area: the directory where sorts and hash tables past the memory bound write
 * their rows ({@code <database directory>/temp}, files {@code t<n>.run}). Everything in it
 * belongs to running statements only, so opening the database empties it (a crash leaves files
 * behind). An engine without a database directory uses {@code java.io.tmpdir}, files
 * {@code cairn-temp-*.run}. Thread-safe; one per database.
 */
public final class TempArea {

    /** The temp area's directory name inside a database directory. */
    public static final String DIRECTORY = "temp";
    /** SQLSTATE of a temp file that cannot be created, written or read (disk full, I/O error). */
    public static final String DISK_FULL = "53100";

    /** Opens a temp file for writing; tests swap it to make the disk fail. */
    @FunctionalInterface
    public interface Opener {
        OutputStream open(Path file) throws IOException;
    }

    private final Path dir;
    private final AtomicLong names = new AtomicLong();
    private final LongAdder files = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private volatile Opener opener = Files::newOutputStream;

    private TempArea(Path dir) {
        this.dir = dir;
    }

    /** Files in {@code java.io.tmpdir}: for an engine that was not told its database directory. */
    public static TempArea system() {
        return new TempArea(null);
    }

    /**
     * The temp area of the database in {@code databaseDirectory}, emptied now: files there were
     * left by statements of an earlier run that did not end cleanly.
     */
    public static TempArea of(Path databaseDirectory) {
        TempArea area = new TempArea(databaseDirectory.resolve(DIRECTORY));
        area.removeLeftovers();
        return area;
    }

    /** The directory, or null for {@code java.io.tmpdir}. */
    public Path directory() {
        return dir;
    }

    /** Deletes every file of the area; returns how many. Only for a database nobody uses yet. */
    int removeLeftovers() {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                try {
                    if (Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (IOException e) {
                    // a file we cannot delete now is retried at the next open; it harms nothing
                }
            }
        } catch (IOException e) {
            // an unreadable temp directory shows up again (with a SQLSTATE) when a statement spills
        }
        return removed;
    }

    /** Replaces how temp files are opened (tests: a disk that fails). */
    public void opener(Opener opener) {
        this.opener = opener == null ? Files::newOutputStream : opener;
    }

    /** Temp files created since the database opened. */
    public long filesCreated() {
        return files.sum();
    }

    /** Bytes written to temp files since the database opened. */
    public long bytesWritten() {
        return bytes.sum();
    }

    void written(long n) {
        bytes.add(n);
    }

    /** Creates a new empty temp file and opens it for writing; 53100 if that fails. */
    OutputStream create(Path[] created) throws SqlException {
        Path file = null;
        try {
            if (dir == null) {
                file = Files.createTempFile("cairn-temp-", ".run");
            } else {
                Files.createDirectories(dir);
                file = dir.resolve("t" + names.incrementAndGet() + ".run");
            }
            created[0] = file;
            OutputStream out = opener.open(file);
            files.increment();
            return out;
        } catch (IOException | RuntimeException e) {
            throw failure("could not create temporary file " + (file != null ? file : "in " + where()), e);
        }
    }

    String where() {
        return dir == null ? System.getProperty("java.io.tmpdir") : dir.toString();
    }

    static SqlException failure(String what, Exception e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SqlException(what + ": " + detail, DISK_FULL);
    }
}
