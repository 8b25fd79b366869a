package io.cairn.sql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.engine.SystemParameters;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionOptions;

/**
 * ALTER SYSTEM SET outside OSGi: keeps parameters in {@code cairn.properties} in the database
 * directory (keys are {@link DatabaseConfig} attribute names, e.g. {@code lockTimeout=5s}); the
 * database reads the file when it opens, so a value takes effect on the next open.
 */
public final class SystemParameterFile implements SystemParameters {

    public static final String FILE = "cairn.properties";

    private final Path file;

    public SystemParameterFile(Path directory) {
        this.file = directory.resolve(FILE);
    }

    @Override
    public synchronized String set(String name, String value) throws SqlException {
        String[] attr = SystemParameterNames.validate(name, value);
        Properties p;
        try {
            p = read(file.getParent());
            p.setProperty(attr[0], attr[1]);
            Path tmp = file.resolveSibling(FILE + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Cairn database parameters set with ALTER SYSTEM SET");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SqlException("cannot write " + file + ": " + e, "58030");
        }
        return name + " = " + attr[1] + " is saved in " + file + "; it applies when the database is next opened";
    }

    /** What a database opens with: the caller's settings, overridden by those saved in its directory. */
    public record Saved(StorageOptions storage, TransactionOptions transactions, long memoryRows) {
    }

    /**
     * The settings a database in {@code directory} opens with: {@code storage}, {@code transactions}
     * and {@code memoryRows}, each overridden by a value saved there with ALTER SYSTEM SET.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException naming the file and the key, for a value that does not parse
     */
    public static Saved apply(Path directory, StorageOptions storage, TransactionOptions transactions, long memoryRows) {
        Properties saved;
        try {
            saved = read(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve(FILE), e);
        }
        try {
            String v;
            if ((v = saved.getProperty("bufferPoolSize")) != null) {
                storage = storage.withBufferPoolBytes(ConfigValues.parseSize("bufferPoolSize", v));
            }
            if ((v = saved.getProperty("walSegmentSize")) != null) {
                storage = storage.withWalSegmentBytes(ConfigValues.parseSize("walSegmentSize", v));
            }
            if ((v = saved.getProperty("checkpointWalSize")) != null) {
                storage = storage.withCheckpointWalBytes(ConfigValues.parseSize("checkpointWalSize", v));
            }
            if ((v = saved.getProperty("lockTimeout")) != null) {
                transactions = transactions.withLockTimeout(ConfigValues.parseDuration("lockTimeout", v));
            }
            if ((v = saved.getProperty("maxMemoryRows")) != null) {
                memoryRows = ConfigValues.parseRows("maxMemoryRows", v);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(directory.resolve(FILE) + ": " + e.getMessage(), e);
        }
        return new Saved(storage, transactions, memoryRows);
    }

    /** The parameters stored in a database directory (empty when there is no file). */
    static Properties read(Path directory) throws IOException {
        Properties p = new Properties();
        Path f = directory.resolve(FILE);
        if (Files.exists(f)) {
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
            }
        }
        return p;
    }
}
