package io.cairn.storage.internal.store;

/** Offsets in the meta page (page 1), after the common page header. See FORMAT.md. */
final class MetaPage {

    static final long PAGE_NO = 1;
    static final int MAGIC_OFFSET = 16;
    static final int PAGE_COUNT_OFFSET = 24;
    static final int FREE_HEAD_OFFSET = 32;
    static final int FREE_COUNT_OFFSET = 40;
    static final int CATALOG_ROOT_OFFSET = 48;
    /** "META" in ASCII, so a stray page is not taken for the meta page. */
    static final int MAGIC = 0x4d455441;

    /** Offset, in a FREE page, of the next free page's number (0 ends the chain). */
    static final int FREE_NEXT_OFFSET = 16;

    private MetaPage() {
    }
}
