package io.cairn.sql.internal.shell;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.cairn.sql.Database;
import io.cairn.storage.CheckpointMode;
import io.cairn.storage.StorageStats;

/** {@code cairn:checkpoint [passive|full|truncate]}. */
@Service
@Command(scope = "cairn", name = "checkpoint",
        description = "Writes dirty pages to the data file and moves the redo point: passive (default) "
                + "never blocks writers, full writes every dirty page, truncate also shrinks the WAL.")
public class CheckpointCommand extends DatabaseCommand {

    @Argument(index = 0, name = "mode", description = "passive, full or truncate (default passive)")
    @Completion(value = StringsCompleter.class, values = {"passive", "full", "truncate"})
    String mode = "passive";

    @Override
    protected Object execute(Database db) {
        CheckpointMode checkpointMode;
        try {
            checkpointMode = CheckpointMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown checkpoint mode '" + mode + "': use passive, full or truncate");
        }
        StorageStats before = db.storage().stats();
        long started = System.nanoTime();
        db.storage().checkpoint(checkpointMode);
        long millis = (System.nanoTime() - started) / 1_000_000;
        StorageStats after = db.storage().stats();
        System.out.printf("%s checkpoint of %s took %d ms: redo LSN %d -> %d, WAL %d -> %d bytes%n",
                checkpointMode.name().toLowerCase(Locale.ROOT), db.name(), millis,
                before.checkpointRedoLsn(), after.checkpointRedoLsn(), before.walBytes(), after.walBytes());
        return null;
    }
}
