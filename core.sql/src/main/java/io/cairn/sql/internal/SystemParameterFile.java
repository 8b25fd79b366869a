package io.cairn.sql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.engine.SystemParameters;

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
