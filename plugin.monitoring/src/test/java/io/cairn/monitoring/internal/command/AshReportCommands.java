package io.cairn.monitoring.internal.command;

import java.io.IOException;
import java.time.Instant;

import io.cairn.monitoring.internal.AshComponent;

/** Test access to {@code cairn:ash-report}'s logic, as the shell runs it. */
public final class AshReportCommands {

    private AshReportCommands() {
    }

    public static String run(AshComponent ash, String database, String from, String to, boolean html, int top,
            String output) throws IOException {
        return AshReportCommand.run(ash, database, from, to, html, top, output, Instant.now());
    }
}
