package io.cairn.sql.internal.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cairn.txn.Transaction;

/**
 * Optimizer statistics collected by ANALYZE, one row per table in the {@value #TREE} system table,
 * written in the ANALYZE statement's transaction. Format: CATALOG.md.
 */
public final class Statistics {

    public static final String TREE = "sql.stats";

    /** One column's statistics; min and max as text (null when the column has no non-NULL value). */
    public record ColumnStats(long distinct, double nullFraction, String min, String max) {
    }

    public record TableStats(long rows, Map<String, ColumnStats> columns) {
        public TableStats {
            columns = Map.copyOf(columns);
        }
    }

    private Statistics() {
    }

    private static byte[] key(String table) {
        return ("s/" + table).getBytes(StandardCharsets.UTF_8);
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
            in.readByte();
            long rows = in.readLong();
            Map<String, ColumnStats> cols = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                String name = in.readUTF();
                long distinct = in.readLong();
                double nulls = in.readDouble();
                String min = in.readBoolean() ? in.readUTF() : null;
                String max = in.readBoolean() ? in.readUTF() : null;
                cols.put(name, new ColumnStats(distinct, nulls, min, max));
            }
            return new TableStats(rows, cols);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Transaction txn, String table, TableStats stats) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(stats.rows());
            out.writeInt(stats.columns().size());
            for (Map.Entry<String, ColumnStats> e : stats.columns().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().distinct());
                out.writeDouble(e.getValue().nullFraction());
                writeNullable(out, e.getValue().min());
                writeNullable(out, e.getValue().max());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        txn.put(TREE, key(table), bytes.toByteArray());
    }

    public static void delete(Transaction txn, String table) {
        txn.delete(TREE, key(table));
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s.length() > 200 ? s.substring(0, 200) : s);
        }
    }
}
