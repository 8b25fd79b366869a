package io.cairn.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels the data file and the write-ahead log use. Tests substitute a
 * factory whose channels fail writes or fsyncs on demand (fault injection).
 */
@FunctionalInterface
public interface FileChannelFactory {

    FileChannelFactory DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
