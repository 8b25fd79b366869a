package io.cairn.storage;

import java.nio.file.Path;

/** A page read from the data file failed its checksum (or header) check; its data is not returned. */
public class CorruptPageException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final long pageNo;
    private final transient Path file;

    public CorruptPageException(Path file, long pageNo, String problem) {
        super("corrupt page " + pageNo + " in " + file + ": " + problem);
        this.file = file;
        this.pageNo = pageNo;
    }

    public long pageNo() {
        return pageNo;
    }

    public Path file() {
        return file;
    }
}
