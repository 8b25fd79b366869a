package io.cairn.sql.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.sql.Database;

/**
 * A named database in the container: created from each {@code io.cairn.database-<name>.cfg}
 * factory configuration, it owns the data directory and publishes the {@link Database} service.
 */
@Component(service = Database.class, configurationPid = "io.cairn.database", immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DatabaseConfig.class, factory = true)
public final class DatabaseComponent implements Database {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

    private final String name;
    private final Path directory;

    @Activate
    public DatabaseComponent(DatabaseConfig config) {
        this(config.name(), config.directory(), System.getProperty("karaf.home", "."));
    }

    DatabaseComponent(String name, String directory, String containerHome) {
        this.name = validName(name);
        this.directory = resolveDirectory(this.name, directory, containerHome);
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + this.directory
                    + " for database '" + this.name + "': " + e, e);
        }
        LOG.info("Cairn database '{}' data directory: {}", this.name, this.directory);
    }

    static String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database name '" + name
                    + "': use letters, digits and underscores, starting with a letter (at most 63)");
        }
        return name;
    }

    static Path resolveDirectory(String name, String configured, String containerHome) {
        Path dir = configured == null || configured.isBlank()
                ? Path.of(containerHome, "databases", name)
                : Path.of(configured.trim());
        return dir.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path directory() {
        return directory;
    }
}
