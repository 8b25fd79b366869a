package io.cairn.storage.internal.page;

/** What a page holds; stored in byte 0 of every page header. */
public enum PageType {
    FREE(0),
    META(1),
    BTREE_LEAF(2),
    BTREE_INTERNAL(3),
    OVERFLOW(4);

    private final byte code;

    PageType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static PageType of(byte code) {
        for (PageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown page type " + code);
    }
}
