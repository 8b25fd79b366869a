package io.cairn.sql.internal.exec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Transaction;

/** The executor's operators. Each is small; the planner wires them into a tree. */
public final class Operators {

    private Operators() {
    }

    static Object[] append(Object[] row, Object extra) {
        Object[] r = Arrays.copyOf(row, row.length + 1);
        r[row.length] = extra;
        return r;
    }

    /** A key range of a table or index tree; null bounds are open. */
    public record KeyRange(byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive) {
        public static final KeyRange ALL = new KeyRange(null, true, null, true);
    }

    /**
     * Key ranges computed when a scan opens, from the statement's parameter values, so a plan
     * holds no values and serves every execution of a prepared statement.
     */
    public interface RangeSource {
        List<KeyRange> ranges(io.cairn.sql.internal.expr.EvalContext eval) throws SqlException;

        /** The most ranges {@link #ranges} returns, whatever the values (for order known at plan time). */
        default int maxRanges() {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * Rows a system view or table function returned, read when the plan was made: past the
     * memory bound in a temp file (deleted when the statement ends).
     */
    public static final class BufferedRows extends Operator {
        private final RowBuffer rows;
        private RowBuffer.Cursor cursor;

        public BufferedRows(RowBuffer rows, long count) {
            this.rows = rows;
            this.estimatedRows = count;
        }

        @Override
        protected void doOpen() {
            cursor = rows.cursor();
        }

        @Override
        protected Object[] doNext() throws SqlException {
            return cursor.next();
        }

        @Override
        public List<Operator> children() {
            return List.of();
        }

        @Override
        public String describe() {
            return "Values";
        }
    }

    /** Fixed rows: the one empty row of a SELECT without FROM, or VALUES. */
    public static final class ValuesOp extends Operator {
        private final List<Object[]> rows;
        private int pos;

        public ValuesOp(List<Object[]> rows) {
            this.rows = rows;
            this.estimatedRows = rows.size();
        }

        @Override
        protected void doOpen() {
            pos = 0;
        }

        @Override
        protected Object[] doNext() {
            return pos < rows.size() ? rows.get(pos++) : null;
        }

        @Override
        public List<Operator> children() {
            return List.of();
        }

        @Override
        public String describe() {
            return "Values";
        }
    }

    /**
     * Reads a table's rows in primary key order over one or more key ranges, optionally through a
     * secondary index (entries then point at the row by primary key). With {@code withKey} the
     * row's primary key bytes are appended as a last, hidden column (for UPDATE and DELETE).
     */
    public static final class TableScan extends Operator {
        private final TableAccess access;
        private final int index;
        private final List<KeyRange> fixedRanges;
        private final RangeSource rangeSource;
        private final boolean withKey;
        private final String label;
        private Transaction asOf;
        private Transaction txn;
        private RowCursor cursor;
        private int rangePos;
        private boolean indexOnly;
        private boolean deliversOrder;
        /** The planner's cost estimate of reading this way (relative units, see Planner). */
        public double estimatedCost;
        /** The ranges this execution reads: the fixed ones, or the source's when the scan opened. */
        private List<KeyRange> ranges;

        /** {@code index} is -1 to read the table itself. */
        public TableScan(TableAccess access, int index, List<KeyRange> ranges, boolean withKey, String label) {
            this(access, index, ranges, null, withKey, label);
        }

        /** A scan whose ranges are computed from the parameters each time it opens. */
        public TableScan(TableAccess access, int index, RangeSource ranges, boolean withKey, String label) {
            this(access, index, null, ranges, withKey, label);
        }

        private TableScan(TableAccess access, int index, List<KeyRange> ranges, RangeSource source, boolean withKey,
                String label) {
            this.access = access;
            this.index = index;
            this.fixedRanges = ranges;
            this.rangeSource = source;
            this.withKey = withKey;
            this.label = label;
        }

        /**
         * Answers from the index entries alone: each visible entry belongs to exactly the row
         * versions the statement's snapshot sees (entries are written and removed in the row's
         * transaction), so no row is fetched. Columns outside the index and primary key read NULL;
         * the planner only asks for this when the statement uses none of them.
         */
        public void indexOnly() {
            this.indexOnly = true;
        }

        /** Physical columns the statement uses (null: all): the others are not decoded and read NULL. */
        private boolean[] wanted;

        /** Decodes only the columns the statement uses; the planner asks for this for queries only. */
        public void decodeOnly(boolean[] physicalColumns) {
            this.wanted = physicalColumns;
        }

        /**
         * The visible column (output position) the rows come ordered by, ascending with NULLs
         * first: the first column of the primary key or index read, or -1 when the order is not
         * known (a hidden row id, several ranges from an IN list, an AS OF read).
         */
        public int orderedBy() {
            // asked while planning, before any open: a deferred scan counts the most ranges it may read
            int rangeCount = rangeSource != null ? rangeSource.maxRanges() : fixedRanges.size();
            if (asOf != null || rangeCount > 1 || index < 0 && access.table().hasRowId()) {
                return -1;
            }
            int first = index < 0 ? access.table().primaryKey().get(0) : access.indexes().get(index).columns().get(0);
            if (index >= 0 && access.indexes().get(index).descending(0)) {
                return -1;
            }
            int[] visible = access.visible();
            for (int v = 0; v < visible.length; v++) {
                if (visible[v] == first) {
                    return v;
                }
            }
            return -1;
        }

        public TableAccess access() {
            return access;
        }

        /** Marks that the rows come in the statement's ORDER BY, so the planner left out the sort. */
        public void deliverOrder() {
            this.deliversOrder = true;
        }

        public boolean deliversOrder() {
            return deliversOrder;
        }

        /** The table read (instrumentation's access paths). */
        public String tableName() {
            return access.table().name();
        }

        /** The secondary index read through, or null when the table itself is read. */
        public String indexName() {
            return index < 0 ? null : access.indexes().get(index).name();
        }

        /**
         * True when the scan reads every row of the table (no key range, no index). A scan with
         * key bounds known only when it opens is a range scan, even if a bound then fails to
         * narrow it.
         */
        public boolean readsAllRows() {
            return index < 0 && rangeSource == null && fixedRanges.size() == 1 && fixedRanges.get(0) == KeyRange.ALL;
        }

        /** Reads through this (AS OF) transaction instead of the statement's. */
        public void readThrough(Transaction asOfTxn) {
            this.asOf = asOfTxn;
        }

        public Transaction asOfTransaction() {
            return asOf;
        }

        @Override
        protected void doOpen() throws SqlException {
            txn = asOf != null ? asOf : ctx.txn();
            closeCursor();
            rangePos = 0;
            ranges = rangeSource == null ? fixedRanges : rangeSource.ranges(ctx.eval());
            if (index >= 0) {
                ctx.indexScanned(access.indexes().get(index).name());
            }
        }

        private String tree() {
            return index < 0 ? access.table().tree() : access.indexes().get(index).tree();
        }

        @Override
        protected Object[] doNext() throws SqlException {
            while (true) {
                ctx.tick();
                if (cursor == null) {
                    if (rangePos >= ranges.size()) {
                        return null;
                    }
                    KeyRange r = ranges.get(rangePos++);
                    cursor = txn.scan(tree(), r.from(), r.fromInclusive(), r.to(), r.toInclusive(), false);
                }
                if (!cursor.next()) {
                    closeCursor();
                    continue;
                }
                byte[] key;
                byte[] value;
                if (index < 0) {
                    key = cursor.key();
                    value = cursor.value();
                } else if (indexOnly) {
                    return access.decodeIndexEntry(index, cursor.key(), cursor.value());
                } else {
                    key = cursor.value();
                    value = txn.get(access.table().tree(), key);
                    if (value == null) {
                        continue;
                    }
                }
                Object[] row = access.decodeVisible(value, wanted);
                return withKey ? append(row, key) : row;
            }
        }

        private void closeCursor() {
            if (cursor != null) {
                cursor.close();
                cursor = null;
            }
        }

        @Override
        public void close() {
            closeCursor();
            txn = null;
        }

        @Override
        public List<Operator> children() {
            return List.of();
        }

        @Override
        public String describe() {
            return label;
        }
    }

    public static final class Filter extends Operator {
        private final Operator child;
        private final Evaluator condition;
        private final String text;

        public Filter(Operator child, Evaluator condition, String text) {
            this.child = child;
            this.condition = condition;
            this.text = text;
        }

        @Override
        protected void doOpen() throws SqlException {
            child.open(ctx);
        }

        @Override
        protected Object[] doNext() throws SqlException {
            Object[] row;
            while ((row = child.next()) != null) {
                ctx.tick();
                if (Boolean.TRUE.equals(condition.evaluate(row, ctx.eval()))) {
                    return row;
                }
            }
            return null;
        }

        @Override
        public List<Operator> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Filter: " + text;
        }
    }

    public static final class Project extends Operator {
        private final Operator child;
        private final Evaluator[] exprs;

        public Project(Operator child, Evaluator[] exprs) {
            this.child = child;
            this.exprs = exprs;
        }

        @Override
        protected void doOpen() throws SqlException {
            child.open(ctx);
        }

        @Override
        protected Object[] doNext() throws SqlException {
            Object[] in = child.next();
            if (in == null) {
                return null;
            }
            Object[] out = new Object[exprs.length];
            for (int i = 0; i < exprs.length; i++) {
                out[i] = exprs[i].evaluate(in, ctx.eval());
            }
            return out;
        }

        @Override
        public List<Operator> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Project";
        }
    }

    /** Keeps the first {@code width} columns (drops hidden sort keys). */
    public static final class Trim extends Operator {
        private final Operator child;
        private final int width;

        public Trim(Operator child, int width) {
            this.child = child;
            this.width = width;
            this.estimatedRows = child.estimatedRows;
        }

        @Override
        protected void doOpen() throws SqlException {
            child.open(ctx);
        }

        @Override
        protected Object[] doNext() throws SqlException {
            Object[] in = child.next();
            return in == null ? null : in.length == width ? in : Arrays.copyOf(in, width);
        }

        @Override
        public List<Operator> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Project";
        }
    }

    public enum JoinKind { INNER, LEFT, CROSS }

    /**
     * Joins by reading the right input once into memory and testing every pair. A LEFT join emits
     * a left row padded with NULLs when no right row matched.
     */
    public static final class NestedLoopJoin extends Operator {
        private final Operator left;
        private final Operator right;
        private final JoinKind kind;
        private final Evaluator condition;
        private final int rightWidth;
        private RowBuffer rightRows;
        private RowBuffer.Cursor cursor;
        private Object[] current;
        private boolean matched;

        public NestedLoopJoin(Operator left, Operator right, JoinKind kind, Evaluator condition, int rightWidth) {
            this.left = left;
            this.right = right;
            this.kind = kind;
            this.condition = condition;
            this.rightWidth = rightWidth;
        }

        @Override
        protected void doOpen() throws SqlException {
            left.open(ctx);
            right.open(ctx);
            releaseRows();
            rightRows = new RowBuffer(ctx);
            Object[] r;
            while ((r = right.next()) != null) {
                rightRows.add(r);
            }
            rightRows.finish();
            current = null;
        }

        private void releaseRows() {
            if (rightRows != null) {
                noteSpill(rightRows.file());
                rightRows.clear();
                rightRows = null;
            }
        }

        @Override
        protected Object[] doNext() throws SqlException {
            while (true) {
                if (current == null) {
                    current = left.next();
                    if (current == null) {
                        return null;
                    }
                    cursor = rightRows.cursor();
                    matched = false;
                }
                Object[] r;
                while ((r = cursor.next()) != null) {
                    ctx.tick();
                    Object[] joined = concat(current, r);
                    if (condition == null || Boolean.TRUE.equals(condition.evaluate(joined, ctx.eval()))) {
                        matched = true;
                        return joined;
                    }
                }
                Object[] l = current;
                current = null;
                if (kind == JoinKind.LEFT && !matched) {
                    return concat(l, new Object[rightWidth]);
                }
            }
        }

        @Override
        public void close() {
            releaseRows();
            cursor = null;
            current = null;
            super.close();
        }

        @Override
        public List<Operator> children() {
            return List.of(left, right);
        }

        @Override
        public String describe() {
            return "Nested Loop " + (kind == JoinKind.LEFT ? "Left Join" : kind == JoinKind.CROSS ? "Cross Join" : "Inner Join");
        }
    }

    /**
     * An equi-join: builds a hash table on the right input's key columns, then probes it with each
     * left row. NULL keys never match. {@code residual} is the rest of the ON condition.
     *
     * <p>When the build side passes the memory bound the join goes grace-hash: both inputs are
     * split by key hash into {@link #PARTITIONS} pairs of temp files, and each pair is joined on
     * its own, its build rows loaded a memory bound's worth at a time (several passes over the
     * probe partition when one partition is still too big, e.g. one key with many rows; a LEFT
     * join then remembers which probe rows matched). Rows then come partition by partition
     * instead of in the left input's order.
     */
    public static final class HashJoin extends Operator {
        /** Partition pairs of a spilled join. */
        static final int PARTITIONS = 32;

        private final Operator left;
        private final Operator right;
        private final boolean leftJoin;
        private final Evaluator[] leftKeys;
        private final Evaluator[] rightKeys;
        private final Evaluator residual;
        private final int rightWidth;
        private Map<List<Object>, List<Object[]>> table;
        private Object[] current;
        private List<Object[]> bucket;
        private int pos;
        private boolean matched;
        // spilled (grace) state
        private TempFile[] buildParts;
        private TempFile[] probeParts;
        private boolean probing;
        private int part;
        private TempFile.Reader buildReader;
        private Object[] buildPending;
        private boolean moreChunks;
        private int chunk;
        private TempFile.Reader probeReader;
        private long probeOrdinal;
        private java.util.BitSet matchedRows;
        private boolean unmatchedPass;

        public HashJoin(Operator left, Operator right, boolean leftJoin, Evaluator[] leftKeys, Evaluator[] rightKeys,
                Evaluator residual, int rightWidth) {
            this.left = left;
            this.right = right;
            this.leftJoin = leftJoin;
            this.leftKeys = leftKeys;
            this.rightKeys = rightKeys;
            this.residual = residual;
            this.rightWidth = rightWidth;
        }

        private List<Object> key(Evaluator[] keys, Object[] row) throws SqlException {
            List<Object> k = new ArrayList<>(keys.length);
            for (Evaluator e : keys) {
                Object v = e.evaluate(row, ctx.eval());
                if (v == null) {
                    return null;
                }
                k.add(normalize(v));
            }
            return k;
        }

        private static int partition(List<Object> key) {
            int h = key.hashCode() * 0x9E3779B9; // spread: HashMap buckets use the low bits of the same hash
            return (h >>> 16) % PARTITIONS;
        }

        @Override
        protected void doOpen() throws SqlException {
            left.open(ctx);
            right.open(ctx);
            releasePartitions();
            table = new HashMap<>();
            long bound = ctx.maxMemoryRows();
            Object[] r;
            long n = 0;
            while ((r = right.next()) != null) {
                List<Object> k = key(rightKeys, r);
                if (k == null) {
                    continue; // never matches
                }
                if (buildParts != null) {
                    ctx.tick();
                    buildParts[partition(k)].write(r);
                } else if (n < bound) {
                    table.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                    ctx.held(++n, r);
                } else {
                    spillBuildSide();
                    buildParts[partition(k)].write(r);
                }
            }
            current = null;
            bucket = null;
            probing = buildParts != null;
        }

        /** The build side passed the bound: every build row so far goes to its partition. */
        private void spillBuildSide() throws SqlException {
            buildParts = new TempFile[PARTITIONS];
            probeParts = new TempFile[PARTITIONS];
            for (int i = 0; i < PARTITIONS; i++) {
                buildParts[i] = new TempFile(ctx);
                probeParts[i] = new TempFile(ctx);
            }
            for (Map.Entry<List<Object>, List<Object[]>> e : table.entrySet()) {
                TempFile f = buildParts[partition(e.getKey())];
                for (Object[] row : e.getValue()) {
                    ctx.tick();
                    f.write(row);
                }
            }
            table = null;
            part = -1;
        }

        @Override
        protected Object[] doNext() throws SqlException {
            if (buildParts != null) {
                return nextSpilled();
            }
            while (true) {
                if (current == null) {
                    current = left.next();
                    if (current == null) {
                        return null;
                    }
                    List<Object> k = key(leftKeys, current);
                    bucket = k == null ? List.of() : table.getOrDefault(k, List.of());
                    pos = 0;
                    matched = false;
                }
                Object[] joined = matchInBucket();
                if (joined != null) {
                    return joined;
                }
                Object[] l = current;
                current = null;
                if (leftJoin && !matched) {
                    return concat(l, new Object[rightWidth]);
                }
            }
        }

        /** The next joined row of {@link #current} and its bucket, or null when the bucket is done. */
        private Object[] matchInBucket() throws SqlException {
            while (pos < bucket.size()) {
                ctx.tick();
                Object[] joined = concat(current, bucket.get(pos++));
                if (residual == null || Boolean.TRUE.equals(residual.evaluate(joined, ctx.eval()))) {
                    matched = true;
                    return joined;
                }
            }
            return null;
        }

        private Object[] nextSpilled() throws SqlException {
            if (part >= PARTITIONS) {
                return null;
            }
            while (probing) { // first the probe side goes to its partitions
                Object[] l = left.next();
                if (l == null) {
                    probing = false;
                    break;
                }
                ctx.tick();
                List<Object> k = key(leftKeys, l);
                if (k != null) {
                    probeParts[partition(k)].write(l);
                } else if (leftJoin) {
                    return concat(l, new Object[rightWidth]);
                }
            }
            while (true) {
                if (current != null) {
                    Object[] joined = matchInBucket();
                    if (joined != null) {
                        return joined;
                    }
                    Object[] l = current;
                    current = null;
                    if (leftJoin && matched) {
                        matchedRows.set((int) probeOrdinal);
                    } else if (leftJoin && chunk == 0 && !moreChunks) {
                        return concat(l, new Object[rightWidth]); // one pass: no match is final
                    }
                }
                Object[] l = probeReader == null ? null : probeReader.next();
                if (l != null) {
                    probeOrdinal++;
                    if (unmatchedPass) {
                        if (!matchedRows.get((int) probeOrdinal)) {
                            return concat(l, new Object[rightWidth]);
                        }
                        continue;
                    }
                    List<Object> k = key(leftKeys, l);
                    bucket = table.getOrDefault(k, List.of());
                    current = l;
                    pos = 0;
                    matched = false;
                    continue;
                }
                // the probe partition is read: next chunk of build rows, the unmatched pass, or the next partition
                if (probeReader != null && moreChunks) {
                    loadChunk();
                    chunk++;
                    probeReader = probeParts[part].read();
                    probeOrdinal = -1;
                    continue;
                }
                if (probeReader != null && leftJoin && chunk > 0 && !unmatchedPass) {
                    unmatchedPass = true;
                    table = null;
                    probeReader = probeParts[part].read();
                    probeOrdinal = -1;
                    continue;
                }
                if (part >= 0) {
                    noteSpill(buildParts[part]);
                    noteSpill(probeParts[part]);
                    buildParts[part].close();
                    probeParts[part].close();
                }
                if (++part >= PARTITIONS) {
                    probeReader = null;
                    table = null;
                    return null;
                }
                if (probeParts[part].rows() == 0 || buildParts[part].rows() == 0 && !leftJoin) {
                    probeReader = null; // nothing of this partition can come out
                    continue;
                }
                buildReader = buildParts[part].read();
                buildPending = buildReader.next();
                loadChunk();
                chunk = 0;
                unmatchedPass = false;
                matchedRows = leftJoin ? new java.util.BitSet() : null;
                probeReader = probeParts[part].read();
                probeOrdinal = -1;
            }
        }

        /** Reads the next memory bound's worth of the partition's build rows into the hash table. */
        private void loadChunk() throws SqlException {
            table = new HashMap<>();
            long bound = ctx.maxMemoryRows();
            long n = 0;
            while (buildPending != null && n < bound) {
                ctx.tick();
                table.computeIfAbsent(key(rightKeys, buildPending), x -> new ArrayList<>()).add(buildPending);
                ctx.held(++n, buildPending);
                buildPending = buildReader.next();
            }
            moreChunks = buildPending != null;
        }

        private void releasePartitions() {
            for (TempFile[] parts : new TempFile[][] {buildParts, probeParts}) {
                if (parts != null) {
                    for (TempFile f : parts) {
                        if (f != null) {
                            f.close(); // a no-op for the partitions already joined
                        }
                    }
                }
            }
            buildParts = null;
            probeParts = null;
            buildReader = null;
            probeReader = null;
            matchedRows = null;
            part = 0;
        }

        @Override
        public void close() {
            releasePartitions();
            table = null;
            current = null;
            bucket = null;
            super.close();
        }

        @Override
        public List<Operator> children() {
            return List.of(left, right);
        }

        @Override
        public String describe() {
            return leftJoin ? "Hash Left Join" : "Hash Join";
        }
    }

    /**
     * An inner equi-join of two inputs that both arrive ordered (ascending, NULLs first) on their
     * join column: one pass over each, holding only the right rows of one key value at a time.
     * NULL keys never match. Other join conditions are checked per joined pair ({@code residual}).
     */
    public static final class MergeJoin extends Operator {
        private final Operator left;
        private final Operator right;
        private final int leftKey;
        private final int rightKey;
        private final Evaluator residual;
        private RowBuffer group;
        private RowBuffer.Cursor cursor;
        private Object groupKey;
        private Object[] rightRow;
        private Object[] current;

        public MergeJoin(Operator left, Operator right, int leftKey, int rightKey, Evaluator residual) {
            this.left = left;
            this.right = right;
            this.leftKey = leftKey;
            this.rightKey = rightKey;
            this.residual = residual;
        }

        @Override
        protected void doOpen() throws SqlException {
            left.open(ctx);
            right.open(ctx);
            releaseGroup();
            groupKey = null;
            current = null;
            rightRow = right.next();
        }

        private void releaseGroup() {
            if (group != null) {
                noteSpill(group.file());
                group.clear();
                group = null;
            }
        }

        @Override
        public void close() {
            releaseGroup();
            cursor = null;
            current = null;
            super.close();
        }

        @Override
        protected Object[] doNext() throws SqlException {
            while (true) {
                ctx.tick();
                Object[] g = current == null ? null : cursor.next();
                if (g != null) {
                    Object[] joined = concat(current, g);
                    if (residual == null || Boolean.TRUE.equals(residual.evaluate(joined, ctx.eval()))) {
                        return joined;
                    }
                    continue;
                }
                current = null;
                Object[] l = left.next();
                if (l == null) {
                    return null;
                }
                Object lk = l[leftKey];
                if (lk == null) {
                    continue;
                }
                if (group != null && Values.compare(lk, groupKey) == 0) {
                    current = l;
                    cursor = group.cursor();
                    continue;
                }
                releaseGroup();
                while (rightRow != null && (rightRow[rightKey] == null || Values.compare(rightRow[rightKey], lk) < 0)) {
                    ctx.tick();
                    rightRow = right.next();
                }
                if (rightRow == null) {
                    return null; // every later left key is larger still
                }
                if (Values.compare(rightRow[rightKey], lk) > 0) {
                    continue;
                }
                group = new RowBuffer(ctx);
                groupKey = rightRow[rightKey];
                while (rightRow != null && rightRow[rightKey] != null && Values.compare(rightRow[rightKey], groupKey) == 0) {
                    group.add(rightRow);
                    rightRow = right.next();
                }
                group.finish();
                current = l;
                cursor = group.cursor();
            }
        }

        @Override
        public List<Operator> children() {
            return List.of(left, right);
        }

        @Override
        public String describe() {
            return "Merge Join";
        }
    }

    /**
     * A total order of hash keys ({@link #normalize}d values, NULL first) in which exactly the
     * equal keys compare as 0, so sorting spilled rows puts each group's rows side by side.
     */
    static int compareKeys(Object x, Object y) throws SqlException {
        if (x == y) {
            return 0;
        } else if (x == null) {
            return -1;
        } else if (y == null) {
            return 1;
        } else if (x.equals(y)) {
            return 0;
        }
        int c = 0;
        if (x instanceof Number && y instanceof Number) {
            c = Values.compare(x, y);
        } else if (x.getClass() == y.getClass()) {
            c = x instanceof java.nio.ByteBuffer b ? b.compareTo((java.nio.ByteBuffer) y) : Values.compare(x, y);
        }
        if (c != 0) {
            return c;
        }
        // different kinds, or a double infinity against a huge decimal: any fixed order will do
        c = x.getClass().getName().compareTo(y.getClass().getName());
        return c != 0 ? c : x.toString().compareTo(y.toString());
    }

    /** {@link #compareKeys} over the first {@code width} columns of two rows. */
    static int compareKeyColumns(Object[] a, Object[] b, int width) throws SqlException {
        for (int i = 0; i < width; i++) {
            int c = compareKeys(normalize(a[i]), normalize(b[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static Object[] concat(Object[] a, Object[] b) {
        Object[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** A value as a hash key: SQL-equal values give equal keys ({@link Values#groupKey}). */
    public static Object normalize(Object v) {
        return v == null ? null : Values.groupKey(v);
    }

    static List<Object> rowKey(Object[] row, int width) {
        List<Object> k = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            k.add(row[i] == null ? null : normalize(row[i]));
        }
        return k;
    }

    public enum AggKind { COUNT, SUM, AVG, MIN, MAX }

    /** One aggregate call: COUNT(*) has a null argument. */
    public record AggSpec(AggKind kind, Evaluator arg, boolean distinct, SqlType type) {
    }

    private static final class Acc {
        long count;
        Object value;
        Set<Object> seen;
    }

    /**
     * GROUP BY by hashing: one row per group, the group values followed by the aggregate values.
     * Without GROUP BY it returns exactly one row, even for empty input.
     *
     * <p>Past the memory bound in groups it falls back to sorting: the groups already in the hash
     * table keep accumulating, and each row of any other group goes, as its group values and
     * aggregate arguments, into an {@link ExternalSort} by group; after the input those rows come
     * back group by group and are aggregated one group at a time. Every group's rows are still
     * aggregated in input order (the sort is stable), so sums of doubles come out the same.
     */
    public static final class HashAggregate extends Operator {
        private final Operator child;
        private final Evaluator[] groups;
        private final AggSpec[] aggs;
        private List<Object[]> out;
        private int pos;
        private ExternalSort spill;
        private ExternalSort.Output spilled;
        private Object[] pending;
        /** Values held in the sets of DISTINCT aggregates, all groups together. */
        private long distinctValues;

        public HashAggregate(Operator child, Evaluator[] groups, AggSpec[] aggs) {
            this.child = child;
            this.groups = groups;
            this.aggs = aggs;
        }

        @Override
        protected void doOpen() throws SqlException {
            child.open(ctx);
            releaseSpill();
            distinctValues = 0;
            Map<List<Object>, Object[]> groupValues = new LinkedHashMap<>();
            Map<List<Object>, Acc[]> accs = new HashMap<>();
            long bound = ctx.maxMemoryRows();
            int width = groups.length;
            Object[] row;
            while ((row = child.next()) != null) {
                ctx.tick();
                Object[] g = new Object[width];
                for (int i = 0; i < g.length; i++) {
                    g[i] = groups[i].evaluate(row, ctx.eval());
                }
                List<Object> key = rowKey(g, g.length);
                Acc[] a = accs.get(key);
                if (a == null && width > 0 && accs.size() >= bound) {
                    if (spill == null) {
                        spill = new ExternalSort(ctx, (x, y) -> compareKeyColumns(x, y, width));
                    }
                    Object[] r = Arrays.copyOf(g, width + aggs.length);
                    for (int i = 0; i < aggs.length; i++) {
                        r[width + i] = aggs[i].arg() == null ? null : aggs[i].arg().evaluate(row, ctx.eval());
                    }
                    spill.add(r);
                    continue;
                }
                if (a == null) {
                    a = newAccs();
                    accs.put(key, a);
                    groupValues.put(key, g);
                    ctx.held(accs.size(), g);
                }
                for (int i = 0; i < aggs.length; i++) {
                    accumulate(aggs[i], a[i], aggs[i].arg() == null ? null : aggs[i].arg().evaluate(row, ctx.eval()));
                }
            }
            if (groups.length == 0 && accs.isEmpty()) {
                accs.put(List.of(), newAccs());
                groupValues.put(List.of(), new Object[0]);
            }
            out = new ArrayList<>();
            for (Map.Entry<List<Object>, Object[]> e : groupValues.entrySet()) {
                Acc[] a = accs.get(e.getKey());
                Object[] r = Arrays.copyOf(e.getValue(), groups.length + aggs.length);
                for (int i = 0; i < aggs.length; i++) {
                    r[groups.length + i] = result(aggs[i], a[i]);
                }
                out.add(r);
            }
            pos = 0;
            spilled = spill == null ? null : spill.sorted();
            pending = null;
        }

        /** The next group of the spilled rows, aggregated; null after the last. */
        private Object[] nextSpilledGroup() throws SqlException {
            int width = groups.length;
            Object[] first = pending != null ? pending : spilled.next();
            if (first == null) {
                return null;
            }
            List<Object> key = rowKey(first, width);
            Acc[] a = newAccs();
            Object[] r = first;
            do {
                for (int i = 0; i < aggs.length; i++) {
                    accumulate(aggs[i], a[i], r[width + i]);
                }
                r = spilled.next();
            } while (r != null && rowKey(r, width).equals(key));
            pending = r;
            Object[] result = Arrays.copyOf(first, width + aggs.length);
            for (int i = 0; i < aggs.length; i++) {
                result[width + i] = result(aggs[i], a[i]);
            }
            return result;
        }

        private void releaseSpill() {
            if (spill != null) {
                noteSpill(spill.runs(), spill.spilledBytes());
                spill.close();
                spill = null;
            }
            spilled = null;
            pending = null;
        }

        private Acc[] newAccs() {
            Acc[] a = new Acc[aggs.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = new Acc();
            }
            return a;
        }

        /** Adds one row's argument value {@code v} (ignored for COUNT(*)) to a group's aggregate. */
        private void accumulate(AggSpec spec, Acc acc, Object v) throws SqlException {
            if (spec.arg() == null) {
                acc.count++;
                return;
            }
            if (v == null) {
                return;
            }
            if (spec.distinct()) {
                if (acc.seen == null) {
                    acc.seen = new HashSet<>();
                }
                if (!acc.seen.add(normalize(v))) {
                    return;
                }
                // these sets do not spill: at least a controller sees them (CATALOG.md, "Still unbounded")
                ctx.held(++distinctValues, null);
            }
            acc.count++;
            switch (spec.kind()) {
                case COUNT:
                    break;
                case SUM:
                case AVG:
                    acc.value = add(acc.value, v);
                    break;
                case MIN:
                    if (acc.value == null || Values.compare(v, acc.value) < 0) {
                        acc.value = v;
                    }
                    break;
                default:
                    if (acc.value == null || Values.compare(v, acc.value) > 0) {
                        acc.value = v;
                    }
            }
        }

        private static Object add(Object sum, Object v) throws SqlException {
            if (!(v instanceof Number)) {
                throw new SqlException("SUM and AVG need numeric arguments", "42883");
            }
            if (v instanceof Integer i) {
                v = (long) i;
            }
            if (sum == null) {
                return v;
            }
            if (sum instanceof Long a && v instanceof Long b) {
                try {
                    return Math.addExact(a, b);
                } catch (ArithmeticException e) {
                    throw new SqlException("bigint out of range", SqlException.NUMERIC_OUT_OF_RANGE);
                }
            }
            if (sum instanceof Double || v instanceof Double) {
                return ((Number) sum).doubleValue() + ((Number) v).doubleValue();
            }
            return Values.toDecimal(sum).add(Values.toDecimal(v));
        }

        private static Object result(AggSpec spec, Acc acc) throws SqlException {
            switch (spec.kind()) {
                case COUNT:
                    return acc.count;
                case AVG:
                    if (acc.value == null) {
                        return null;
                    }
                    if (acc.value instanceof Double d) {
                        return d / acc.count;
                    }
                    BigDecimal avg = Values.toDecimal(acc.value).divide(BigDecimal.valueOf(acc.count), MathContext.DECIMAL128)
                            .stripTrailingZeros();
                    return avg.scale() < 0 ? avg.setScale(0) : avg;
                default:
                    return acc.value;
            }
        }

        @Override
        protected Object[] doNext() throws SqlException {
            if (pos < out.size()) {
                Object[] r = out.get(pos);
                out.set(pos++, null);
                return r;
            }
            return spilled == null ? null : nextSpilledGroup();
        }

        @Override
        public void close() {
            out = null;
            releaseSpill();
            super.close();
        }

        @Override
        public List<Operator> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return groups.length == 0 ? "Aggregate" : "Hash Aggregate";
        }
    }

    /** One ORDER BY key: a column of the input row. NULLs sort last ascending and first descending unless said. */
    public record SortKey(int column, boolean descending, boolean nullsFirst) {
    }

    /**
     * Sorts its whole input: in memory up to the memory bound, past it an external merge sort
     * ({@link ExternalSort}). {@code ORDER BY ... LIMIT} keeps only the first rows in a heap when
     * they fit under the bound.
     */
    public static final class Sort extends Operator {
        private final Operator child;
        private final List<SortKey> keys;
        private List<Object[]> rows;
        private int pos;
        private ExternalSort sort;
        private ExternalSort.Output sorted;

        public Sort(Operator child, List<SortKey> keys) {
            this.child = child;
            this.keys = keys;
            this.estimatedRows = child.estimatedRows;
        }

        /** Only the first {@code n} rows will be read (ORDER BY ... LIMIT): keep just those in memory. */
        public void keepFirst(long n) {
            this.topN = n;
        }

        private long topN = -1;

        private int compareChecked(Object[] a, Object[] b, SqlException[] failure) {
            try {
                ctx.tick();
                return compareRows(a, b);
            } catch (SqlException e) {
                failure[0] = e;
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void doOpen() throws SqlException {
            child.open(ctx);
            releaseSort();
            rows = null;
            Object[] r;
            if (topN < 0 || topN > ctx.maxMemoryRows()) {
                // a top-N past the bound sorts everything; the Limit above stops reading
                sort = new ExternalSort(ctx, this::compareRows);
                while ((r = child.next()) != null) {
                    sort.add(r);
                }
                sorted = sort.sorted();
                return;
            }
            rows = new ArrayList<>();
            SqlException[] failure = new SqlException[1];
            try {
                // a max-heap of the best topN rows seen so far
                java.util.PriorityQueue<Object[]> heap = new java.util.PriorityQueue<>(
                        (a, b) -> compareChecked(b, a, failure));
                while ((r = child.next()) != null) {
                    if (topN == 0) {
                        continue;
                    }
                    heap.add(r);
                    if (heap.size() > topN) {
                        heap.poll();
                    }
                    ctx.held(heap.size(), r);
                }
                rows.addAll(heap);
                rows.sort((a, b) -> compareChecked(a, b, failure));
            } catch (IllegalStateException e) {
                if (failure[0] != null) {
                    throw failure[0];
                }
                throw e;
            }
            pos = 0;
        }

        @Override
        public String describe() {
            return topN >= 0 ? "Top-N Sort (" + topN + ")" : "Sort";
        }

        private int compareRows(Object[] a, Object[] b) throws SqlException {
            for (SortKey k : keys) {
                Object x = a[k.column()];
                Object y = b[k.column()];
                int c;
                if (x == null || y == null) {
                    if (x == null && y == null) {
                        continue;
                    }
                    c = (x == null) == k.nullsFirst() ? -1 : 1;
                    return c;
                }
                c = Values.compare(x, y);
                if (c != 0) {
                    return k.descending() ? -c : c;
                }
            }
            return 0;
        }

        @Override
        protected Object[] doNext() throws SqlException {
            if (sorted != null) {
                return sorted.next();
            }
            return pos < rows.size() ? rows.get(pos++) : null;
        }

        private void releaseSort() {
            if (sort != null) {
                noteSpill(sort.runs(), sort.spilledBytes());
                sort.close();
                sort = null;
            }
            sorted = null;
        }

        @Override
        public void close() {
            rows = null;
            releaseSort();
            super.close();
        }

        @Override
        public List<Operator> children() {
            return List.of(child);
        }
    }

    /**
     * Drops rows equal (on the first {@code width} columns) to an earlier one, as they stream
     * through. Past the memory bound of remembered rows, a row that is none of them goes to an
     * {@link ExternalSort} on those columns instead; after the input the first of each run of
     * equal sorted rows comes out (the sort is stable: the first seen).
     */
    public static final class Distinct extends Operator {
        private final Operator child;
        private final int width;
        private Set<List<Object>> seen;
        private ExternalSort spill;
        private ExternalSort.Output spilled;
        private List<Object> lastKey;

        public Distinct(Operator child, int width) {
            this.child = child;
            this.width = width;
            this.estimatedRows = child.estimatedRows;
        }

        @Override
        protected void doOpen() throws SqlException {
            child.open(ctx);
            releaseSpill();
            seen = new HashSet<>();
        }

        @Override
        protected Object[] doNext() throws SqlException {
            if (spilled == null) {
                Object[] r;
                long bound = ctx.maxMemoryRows();
                while ((r = child.next()) != null) {
                    ctx.tick();
                    List<Object> key = rowKey(r, width);
                    if (seen.size() < bound) {
                        if (seen.add(key)) {
                            ctx.held(seen.size(), r);
                            return r;
                        }
                        continue;
                    }
                    if (seen.contains(key)) {
                        continue;
                    }
                    if (spill == null) {
                        spill = new ExternalSort(ctx, (x, y) -> compareKeyColumns(x, y, width));
                    }
                    spill.add(r);
                }
                if (spill == null) {
                    return null;
                }
                spilled = spill.sorted();
                lastKey = null;
            }
            Object[] r;
            while ((r = spilled.next()) != null) {
                List<Object> key = rowKey(r, width);
                if (!key.equals(lastKey)) {
                    lastKey = key;
                    return r;
                }
            }
            return null;
        }

        private void releaseSpill() {
            if (spill != null) {
                noteSpill(spill.runs(), spill.spilledBytes());
                spill.close();
                spill = null;
            }
            spilled = null;
            lastKey = null;
        }

        @Override
        public void close() {
            seen = null;
            releaseSpill();
            super.close();
        }

        @Override
        public List<Operator> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Hash Distinct";
        }
    }

    public static final class Limit extends Operator {
        private final Operator child;
        private final long offset;
        private final long limit;
        private long seen;

        /** {@code limit} is -1 for none. */
        public Limit(Operator child, long offset, long limit) {
            this.child = child;
            this.offset = offset;
            this.limit = limit;
        }

        @Override
        protected void doOpen() throws SqlException {
            child.open(ctx);
            seen = 0;
        }

        @Override
        protected Object[] doNext() throws SqlException {
            while (true) {
                if (limit >= 0 && seen >= offset + limit) {
                    return null;
                }
                Object[] r = child.next();
                if (r == null) {
                    return null;
                }
                if (seen++ >= offset) {
                    return r;
                }
            }
        }

        @Override
        public List<Operator> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Limit" + (limit >= 0 ? " " + limit : "") + (offset > 0 ? " offset " + offset : "");
        }
    }

    /** UNION ALL: the rows of each input in turn. */
    public static final class Append extends Operator {
        private final List<Operator> inputs;
        private int pos;

        public Append(List<Operator> inputs) {
            this.inputs = inputs;
        }

        @Override
        protected void doOpen() throws SqlException {
            pos = 0;
            for (Operator o : inputs) {
                o.open(ctx);
            }
        }

        @Override
        protected Object[] doNext() throws SqlException {
            while (pos < inputs.size()) {
                Object[] r = inputs.get(pos).next();
                if (r != null) {
                    return r;
                }
                pos++;
            }
            return null;
        }

        @Override
        public List<Operator> children() {
            return inputs;
        }

        @Override
        public String describe() {
            return "Append";
        }
    }
}
