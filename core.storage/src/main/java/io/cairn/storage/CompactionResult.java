package io.cairn.storage;

/** What {@link Storage#compact()} did: pages moved toward the front and the file size before and after. */
public record CompactionResult(long pagesMoved, long fileBytesBefore, long fileBytesAfter) {

    public long bytesReclaimed() {
        return fileBytesBefore - fileBytesAfter;
    }
}
