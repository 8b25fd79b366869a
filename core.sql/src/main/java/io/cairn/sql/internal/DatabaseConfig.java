package io.cairn.sql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one named database ({@code etc/io.cairn.database-<name>.cfg}). */
@ObjectClassDefinition(
        name = "Cairn database",
        description = "One named Cairn database: its name and where its files live.")
public @interface DatabaseConfig {

    @AttributeDefinition(description = "Database name: letters, digits and underscores, starting with a letter.")
    String name() default "default";

    @AttributeDefinition(description = "Data directory. Empty means <karaf.home>/databases/<name>.")
    String directory() default "";
}
