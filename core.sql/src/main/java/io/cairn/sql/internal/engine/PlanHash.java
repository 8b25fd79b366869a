package io.cairn.sql.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.sql.instrument.AccessPath;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.parser.Digests;

/**
 * The plan hash: a stable 64-bit hash of a plan's shape, from the operator tree — each operator's
 * kind and its EXPLAIN line with constants replaced by {@code ?} (so tables, indexes, join order
 * and predicates count; row estimates and parameter values do not) — and the access paths a plan
 * reads tables with. Both are computed once per plan shape: {@link Cache} keeps them by statement
 * text and a cheap fingerprint of the tree, so a statement executed again pays one tree walk.
 */
final class PlanHash {

    private PlanHash() {
    }

    /** The hash of the plan rooted at {@code root}; never 0. */
    static long of(Operator root) {
        StringBuilder sb = new StringBuilder();
        shape(root, sb);
        return Digests.hash(sb);
    }

    private static void shape(Operator op, StringBuilder sb) {
        sb.append('(').append(op.getClass().getSimpleName()).append(' ').append(normalize(op.describe()));
        for (Operator c : op.children()) {
            shape(c, sb);
        }
        sb.append(')');
    }

    /** An EXPLAIN line without its constants: 'strings' and numbers become ?, a list of them one ?. */
    static String normalize(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int j = i + 1;
                while (j < n) {
                    if (line.charAt(j) == '\'') {
                        if (j + 1 < n && line.charAt(j + 1) == '\'') {
                            j += 2; // '' inside a string
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                sb.append('?');
                i = j;
            } else if (Character.isDigit(c) && (i == 0 || !isIdentPart(line.charAt(i - 1)))) {
                int j = i;
                while (j < n && (Character.isDigit(line.charAt(j)) || line.charAt(j) == '.'
                        || line.charAt(j) == 'e' || line.charAt(j) == 'E')) {
                    j++;
                }
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '-'
                        && (sb.length() == 1 || " (,=<>".indexOf(sb.charAt(sb.length() - 2)) >= 0)) {
                    sb.setLength(sb.length() - 1); // a negative constant
                }
                sb.append('?');
                i = j - 1;
            } else {
                sb.append(c);
            }
        }
        return sb.toString().replaceAll("\\(\\?(, \\?)+\\)", "(?)");
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** How the plan reads each table: every scan, with the filter directly above it (if any). */
    static List<AccessPath> accessPaths(Operator root) {
        List<AccessPath> paths = new ArrayList<>();
        collect(root, null, paths);
        return List.copyOf(paths);
    }

    private static void collect(Operator op, String filter, List<AccessPath> out) {
        if (op instanceof Operators.TableScan scan) {
            AccessPath.Kind kind = scan.indexName() != null ? AccessPath.Kind.INDEX_SCAN
                    : scan.readsAllRows() ? AccessPath.Kind.FULL_SCAN : AccessPath.Kind.PRIMARY_KEY;
            out.add(new AccessPath(kind, scan.tableName(), scan.indexName(), filter));
            return;
        }
        List<Operator> children = op.children();
        String pass = null;
        if (op instanceof Operators.Filter) {
            String d = op.describe();
            pass = normalize(d.startsWith("Filter: ") ? d.substring("Filter: ".length()) : d);
        } else if (children.size() == 1 && (op instanceof Operators.Project || op instanceof Operators.Trim)) {
            pass = filter; // a projection between the filter and the scan changes nothing
        }
        for (Operator c : children) {
            collect(c, children.size() == 1 ? pass : null, out);
        }
    }

    /** Plan hashes and access paths by statement text, checked against a fingerprint of the tree. */
    static final class Cache {
        private static final int MAX = 2_000;

        record Entry(long fingerprint, long hash, List<AccessPath> accessPaths) {
        }

        private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

        /** The hash and access paths of {@code root}, planned for {@code sql}. */
        Entry get(String sql, Operator root) {
            long fp = fingerprint(root);
            Entry e = entries.get(sql);
            if (e != null && e.fingerprint == fp) {
                return e;
            }
            e = new Entry(fp, of(root), accessPaths(root));
            if (entries.size() >= MAX) {
                entries.clear(); // crude but bounded: a working set this large rebuilds quickly
            }
            entries.put(sql, e);
            return e;
        }

        /** Operator kinds and scan labels in tree order: differs whenever the plan's shape can. */
        private static long fingerprint(Operator op) {
            long h = op.getClass().hashCode(); // identity hash of the class: fixed while it is loaded, cheap
            if (op instanceof Operators.TableScan) {
                h = h * 31 + op.describe().hashCode(); // the scan's label: table, index, kind of access
            }
            List<Operator> children = op.children();
            for (int i = 0; i < children.size(); i++) {
                h = h * 1_000_003 + fingerprint(children.get(i));
            }
            return h * 31 + children.size();
        }
    }
}
