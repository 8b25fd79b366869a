package io.cairn.sql.internal.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.txn.Transaction;

/**
 * Optimizer statistics collected by ANALYZE, one row per table in the {@value #TREE} system table,
 * written in the ANALYZE statement's transaction, and the count of rows changed since, kept
 * under a key of its own. Format: CATALOG.md.
 */
public final class Statistics {

    public static final String TREE = "sql.stats";

    /**
     * One step of an equi-depth histogram (as SQL Server's): the rows whose value is above the
     * previous step's {@code high} and below this {@code high} ({@code rangeRows}, with
     * {@code distinctRange} distinct values), and the rows equal to {@code high} ({@code eqRows}).
     * A value is never split across steps, so a frequent value shows as a large {@code eqRows}.
     */
    public record Bucket(String high, long rangeRows, long eqRows, long distinctRange) {
    }

    /**
     * One column's statistics; min and max as text (null when the column has no non-NULL value),
     * the histogram's steps in value order (empty when there is none).
     */
    public record ColumnStats(long distinct, double nullFraction, String min, String max, List<Bucket> histogram) {
        public ColumnStats {
            histogram = List.copyOf(histogram);
        }
    }

    /** A table's statistics, with the SCN of the ANALYZE snapshot and its wall-clock time (0 if unknown). */
    public record TableStats(long rows, Map<String, ColumnStats> columns, long analyzedScn, long analyzedAtMillis) {
        public TableStats {
            columns = Map.copyOf(columns);
        }
    }

    private static final byte VERSION = 2;

    private Statistics() {
    }

    private static byte[] key(String table) {
        return ("s/" + table).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] modificationsKey(String table) {
        return ("m/" + table).getBytes(StandardCharsets.UTF_8);
    }

    public static TableStats read(Transaction txn, String table) {
        byte[] v = txn.get(TREE, key(table));
        return v == null ? null : decode(v);
    }

    /** Every table's statistics, by table name, as the transaction sees them. */
    public static Map<String, TableStats> readAll(Transaction txn) {
        Map<String, TableStats> all = new java.util.HashMap<>();
        try (io.cairn.txn.RowCursor c = txn.scan(TREE, null, true, null, true, false)) {
            while (c.next()) {
                String key = new String(c.key(), StandardCharsets.UTF_8);
                if (key.startsWith("s/")) {
                    all.put(key.substring(2), decode(c.value()));
                }
            }
        }
        return Map.copyOf(all);
    }

    private static TableStats decode(byte[] v) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(v))) {
            int version = in.readByte();
            long rows = in.readLong();
            long scn = 0;
            long at = 0;
            if (version >= 2) {
                scn = in.readLong();
                at = in.readLong();
            }
            Map<String, ColumnStats> cols = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                String name = in.readUTF();
                long distinct = in.readLong();
                double nulls = in.readDouble();
                String min = in.readBoolean() ? in.readUTF() : null;
                String max = in.readBoolean() ? in.readUTF() : null;
                List<Bucket> buckets = new ArrayList<>();
                if (version >= 2) {
                    for (int b = in.readInt(); b > 0; b--) {
                        buckets.add(new Bucket(in.readUTF(), in.readLong(), in.readLong(), in.readLong()));
                    }
                }
                cols.put(name, new ColumnStats(distinct, nulls, min, max, buckets));
            }
            return new TableStats(rows, cols, scn, at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Transaction txn, String table, TableStats stats) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(stats.rows());
            out.writeLong(stats.analyzedScn());
            out.writeLong(stats.analyzedAtMillis());
            out.writeInt(stats.columns().size());
            for (Map.Entry<String, ColumnStats> e : stats.columns().entrySet()) {
                ColumnStats c = e.getValue();
                out.writeUTF(e.getKey());
                out.writeLong(c.distinct());
                out.writeDouble(c.nullFraction());
                writeNullable(out, c.min());
                writeNullable(out, c.max());
                out.writeInt(c.histogram().size());
                for (Bucket b : c.histogram()) {
                    out.writeUTF(b.high());
                    out.writeLong(b.rangeRows());
                    out.writeLong(b.eqRows());
                    out.writeLong(b.distinctRange());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        txn.put(TREE, key(table), bytes.toByteArray());
    }

    /** Rows inserted, updated or deleted since the last ANALYZE, as last persisted (0 if never). */
    public static long readModifications(Transaction txn, String table) {
        byte[] v = txn.get(TREE, modificationsKey(table));
        if (v == null) {
            return 0;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(v))) {
            in.readByte();
            return in.readLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeModifications(Transaction txn, String table, long modifications) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(modifications);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        txn.put(TREE, modificationsKey(table), bytes.toByteArray());
    }

    public static void delete(Transaction txn, String table) {
        txn.delete(TREE, key(table));
        txn.delete(TREE, modificationsKey(table));
    }

    /** Keeps text statistics small: long strings are cut (a cut bound only blurs an estimate). */
    public static String bound(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(bound(s));
        }
    }
}
