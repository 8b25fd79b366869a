package io.cairn.sql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one named database ({@code etc/io.cairn.database-<name>.cfg}). */
@ObjectClassDefinition(
        name = "Cairn database",
        description = "One named Cairn database: its name, where its files live and how much memory it uses.")
public @interface DatabaseConfig {

    @AttributeDefinition(description = "Database name: letters, digits and underscores, starting with a letter.")
    String name() default "default";

    @AttributeDefinition(description = "Data directory. Empty means <karaf.home>/databases/<name>.")
    String directory() default "";

    @AttributeDefinition(name = "Buffer pool size",
            description = "Memory for cached pages, e.g. 64m or 1g (at least 128k).")
    String bufferPoolSize() default "64m";

    @AttributeDefinition(name = "WAL segment size",
            description = "Size of one write-ahead-log segment file, e.g. 64m (at least 64k).")
    String walSegmentSize() default "64m";

    @AttributeDefinition(name = "Checkpoint WAL size",
            description = "A passive checkpoint starts when the WAL grows past this, e.g. 256m.")
    String checkpointWalSize() default "256m";

    @AttributeDefinition(name = "Lock timeout",
            description = "How long a transaction waits for a row or table lock before failing with 55P03, e.g. 30s or 500ms.")
    String lockTimeout() default "30s";

    @AttributeDefinition(name = "Max memory rows",
            description = "Rows a sort, hash table or buffered result holds in memory before it spills to the database's "
                    + "temp directory (per structure, 1 to 1000000000).")
    String maxMemoryRows() default "1000000";
}
