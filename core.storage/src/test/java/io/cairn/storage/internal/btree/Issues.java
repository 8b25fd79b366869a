package io.cairn.storage.internal.btree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects what {@link BTree#verify} reports, for assertions. */
final class Issues implements TreeCheck {

    final Set<Long> visited = new HashSet<>();
    final List<String> problems = new ArrayList<>();
    final List<Long> problemPages = new ArrayList<>();

    static Issues of(BTree tree) {
        Issues issues = new Issues();
        tree.verify(issues);
        return issues;
    }

    @Override
    public void visited(long pageNo) {
        visited.add(pageNo);
    }

    @Override
    public void issue(long pageNo, String problem) {
        problemPages.add(pageNo);
        problems.add("page " + pageNo + ": " + problem);
    }

    boolean names(long pageNo) {
        return problemPages.contains(pageNo) || problems.stream().anyMatch(p -> p.contains("page " + pageNo + " ")
                || p.endsWith("page " + pageNo));
    }

    @Override
    public String toString() {
        return problems.toString();
    }
}
