package io.cairn.storage.internal.btree;

/**
 * A B+tree page whose content cannot be trusted (unknown node kind, a cell offset outside the
 * page, a broken overflow chain, a tree deeper than any real tree). Always names the page.
 */
public final class CorruptNodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long pageNo;

    public CorruptNodeException(long pageNo, String problem) {
        super("corrupt B+tree page " + pageNo + ": " + problem);
        this.pageNo = pageNo;
    }

    public long pageNo() {
        return pageNo;
    }
}
