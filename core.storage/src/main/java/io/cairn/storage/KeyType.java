package io.cairn.storage;

/** The kinds of value a part of an order-preserving key can hold (see {@link KeyEncoder}). */
public enum KeyType {
    NULL(0x05),
    BOOLEAN(0x10),
    INT(0x20),
    BIGINT(0x21),
    DOUBLE(0x30),
    DECIMAL(0x40),
    VARCHAR(0x50),
    BLOB(0x60),
    DATE(0x70),
    TIMESTAMP(0x78);

    private static final KeyType[] BY_TAG = new KeyType[0x80];

    static {
        for (KeyType type : values()) {
            BY_TAG[type.tag] = type;
        }
    }

    private final int tag;

    KeyType(int tag) {
        this.tag = tag;
    }

    /** The tag byte that starts an ascending part of this type; a descending part starts with its complement. */
    public int tag() {
        return tag;
    }

    /** The type an ascending tag stands for, or null. */
    static KeyType ofTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }
}
