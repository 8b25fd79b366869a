package io.cairn.monitoring.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.cairn.monitoring.cfg}: Active Session History settings. */
@ObjectClassDefinition(name = "Cairn Monitoring",
        description = "Active Session History sampling of every open Cairn database.")
public @interface MonitoringConfig {

    @AttributeDefinition(name = "ASH interval (ms)", min = "100", max = "60000",
            description = "Milliseconds between two Active Session History samples, 100 to 60000.")
    long ashIntervalMillis() default 1000;

    @AttributeDefinition(name = "ASH buffer (samples)", min = "1000", max = "10000000",
            description = "Session samples kept in memory, 1000 to 10000000; each takes about 100 bytes. "
                    + "The default holds one hour of 100 active sessions sampled every second.")
    int ashBufferSamples() default 360_000;
}
