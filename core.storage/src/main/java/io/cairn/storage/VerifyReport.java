package io.cairn.storage;

import java.util.List;

/**
 * The outcome of {@link Storage#verify()}: how many pages were checked and every problem found,
 * each naming a page number.
 */
public record VerifyReport(long pagesChecked, List<Issue> issues) {

    public VerifyReport {
        issues = List.copyOf(issues);
    }

    /** One problem on one page ({@code pageNo} -1 when not tied to a page). */
    public record Issue(long pageNo, String problem) {
        @Override
        public String toString() {
            return "page " + pageNo + ": " + problem;
        }
    }

    public boolean clean() {
        return issues.isEmpty();
    }
}
