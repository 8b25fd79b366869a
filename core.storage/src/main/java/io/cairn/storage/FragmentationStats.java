package io.cairn.storage;

/** How much of the data file is free pages that {@link Storage#compact()} could give back. */
public record FragmentationStats(long pageCount, long freePages, long reclaimableBytes, long fileBytes) {
}
