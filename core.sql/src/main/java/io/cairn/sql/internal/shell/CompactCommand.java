package io.cairn.sql.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.cairn.sql.Database;
import io.cairn.storage.CompactionResult;

/** {@code cairn:compact}: moves pages down into free space and truncates the data file. */
@Service
@Command(scope = "cairn", name = "compact",
        description = "Moves pages from the end of the data file into free pages and truncates the file.")
public class CompactCommand extends DatabaseCommand {

    @Override
    protected Object execute(Database db) {
        CompactionResult result = db.storage().compact();
        System.out.printf("%s: %d pages moved, data file %d -> %d bytes (%d reclaimed)%n", db.name(),
                result.pagesMoved(), result.fileBytesBefore(), result.fileBytesAfter(), result.bytesReclaimed());
        return null;
    }
}
