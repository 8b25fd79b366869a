package io.cairn.storage.internal.btree;

/**
 * Receives the findings of {@link BTree#verify(TreeCheck)}: every page the tree owns and every
 * structural problem found on the way. The integrity checker uses the visited pages to find
 * pages that nobody owns.
 */
public interface TreeCheck {

    /** Called once for every page the tree owns: internal nodes, leaves and overflow pages. */
    void visited(long pageNo);

    /** Called for every problem found; verification continues where it can. */
    void issue(long pageNo, String problem);
}
