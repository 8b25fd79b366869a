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
import java.util.TreeMap;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Transaction;

/**
 * The SQL catalog of one transaction: tables and indexes read from the {@value #TREE} system
 * table through the transaction, so DDL is seen, committed and rolled back with the transaction
 * that made it. Format: core.sql/CATALOG.md.
 */
public final class Catalog {

    /** The transaction-layer table holding the catalog rows. */
    public static final String TREE = "sql.catalog";

    private static final String TABLE_PREFIX = "t/";
    private static final String INDEX_PREFIX = "i/";

    private final Transaction txn;
    private final Map<String, TableInfo> tables;
    private final Map<String, IndexInfo> indexes;
    /** Set for a catalog over a shared committed snapshot: reads only, never DDL. */
    private final Map<String, List<IndexInfo>> indexesByTable;

    /**
     * A read-only catalog over a committed catalog snapshot ({@link #snapshot}) shared between
     * statements; {@code txn} is still the statement's, for what the statement reads and writes.
     */
    public Catalog(Transaction txn, Catalog snapshot) {
        this.txn = txn;
        this.tables = snapshot.tables;
        this.indexes = snapshot.indexes;
        this.indexesByTable = snapshot.indexesByTable;
    }

    /**
     * This catalog's tables and indexes frozen into a read-only catalog that statements of any
     * transaction can share through {@link #Catalog(Transaction, Catalog)}.
     */
    public Catalog snapshot() {
        Map<String, List<IndexInfo>> byTable = new java.util.HashMap<>();
        for (IndexInfo i : indexes.values()) {
            byTable.computeIfAbsent(i.table(), k -> new ArrayList<>()).add(i);
        }
        byTable.replaceAll((k, v) -> List.copyOf(v));
        return new Catalog(null, java.util.Collections.unmodifiableMap(new TreeMap<>(tables)),
                java.util.Collections.unmodifiableMap(new TreeMap<>(indexes)), Map.copyOf(byTable));
    }

    private Catalog(Transaction txn, Map<String, TableInfo> tables, Map<String, IndexInfo> indexes,
            Map<String, List<IndexInfo>> indexesByTable) {
        this.txn = txn;
        this.tables = tables;
        this.indexes = indexes;
        this.indexesByTable = indexesByTable;
    }

    /** Whether this catalog is a shared committed snapshot (read-only). */
    public boolean isSnapshot() {
        return indexesByTable != null;
    }

    private void writable() {
        if (indexesByTable != null) {
            throw new IllegalStateException("a shared catalog snapshot cannot run DDL");
        }
    }

    public Catalog(Transaction txn) {
        this.txn = txn;
        this.tables = new TreeMap<>();
        this.indexes = new TreeMap<>();
        this.indexesByTable = null;
        try (RowCursor c = txn.scan(TREE, null, true, null, true, false)) {
            while (c.next()) {
                String key = new String(c.key(), StandardCharsets.UTF_8);
                if (key.startsWith(TABLE_PREFIX)) {
                    TableInfo t = readTable(c.value());
                    tables.put(t.name(), t);
                } else if (key.startsWith(INDEX_PREFIX)) {
                    IndexInfo i = readIndex(c.value());
                    indexes.put(i.name(), i);
                }
            }
        }
    }

    public TableInfo findTable(String name) {
        return tables.get(name);
    }

    public TableInfo table(String name) throws SqlException {
        TableInfo t = tables.get(name);
        if (t == null) {
            throw new SqlException("relation \"" + name + "\" does not exist", SqlException.UNDEFINED_TABLE);
        }
        return t;
    }

    /**
     * The table's newest committed definition, locked until the transaction ends, so two
     * concurrent ALTERs apply one after the other instead of one overwriting the other; 42P01 if
     * it is gone. Under SNAPSHOT a definition changed since the snapshot fails with 40001.
     */
    public TableInfo tableForUpdate(String name) throws SqlException {
        writable();
        byte[] v = txn.getForUpdate(TREE, key(TABLE_PREFIX, name));
        if (v == null) {
            tables.remove(name);
            throw new SqlException("relation \"" + name + "\" does not exist", SqlException.UNDEFINED_TABLE);
        }
        TableInfo t = readTable(v);
        tables.put(name, t);
        return t;
    }

    /** The index's newest committed definition, locked like {@link #tableForUpdate}; null if none. */
    public IndexInfo indexForUpdate(String name) {
        writable();
        byte[] v = txn.getForUpdate(TREE, key(INDEX_PREFIX, name));
        if (v == null) {
            indexes.remove(name);
            return null;
        }
        IndexInfo i = readIndex(v);
        indexes.put(name, i);
        return i;
    }

    public List<TableInfo> tables() {
        return new ArrayList<>(tables.values());
    }

    /**
     * The SQL name of every table's and index's storage tree ({@code sql.t7} → {@code acct},
     * {@code sql.i3} → {@code acct (index acct_bal)}): the transaction layer names locks by tree.
     */
    public java.util.Map<String, String> objectNamesByTree() {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        for (TableInfo t : tables.values()) {
            names.put(t.tree(), t.name());
        }
        for (IndexInfo i : indexes.values()) {
            names.put(i.tree(), i.table() + " (index " + i.name() + ")");
        }
        return names;
    }

    public IndexInfo findIndex(String name) {
        return indexes.get(name);
    }

    /** The indexes of a table, visible or not, in name order. */
    public List<IndexInfo> indexesOf(String table) {
        if (indexesByTable != null) {
            return indexesByTable.getOrDefault(table, List.of());
        }
        return indexes.values().stream().filter(i -> i.table().equals(table)).toList();
    }

    public void putTable(TableInfo t) {
        writable();
        txn.put(TREE, key(TABLE_PREFIX, t.name()), writeTable(t));
        tables.put(t.name(), t);
    }

    /** Adds a new table; false if a committed or concurrent one with that name won (CREATE TABLE). */
    public boolean insertTable(TableInfo t) {
        writable();
        if (!txn.insert(TREE, key(TABLE_PREFIX, t.name()), writeTable(t))) {
            return false;
        }
        tables.put(t.name(), t);
        return true;
    }

    /** Adds a new index; false if one with that name exists. */
    public boolean insertIndex(IndexInfo i) {
        writable();
        if (!txn.insert(TREE, key(INDEX_PREFIX, i.name()), writeIndex(i))) {
            return false;
        }
        indexes.put(i.name(), i);
        return true;
    }

    public void deleteTable(String name) {
        writable();
        txn.delete(TREE, key(TABLE_PREFIX, name));
        tables.remove(name);
    }

    public void putIndex(IndexInfo i) {
        writable();
        txn.put(TREE, key(INDEX_PREFIX, i.name()), writeIndex(i));
        indexes.put(i.name(), i);
    }

    public void deleteIndex(String name) {
        writable();
        txn.delete(TREE, key(INDEX_PREFIX, name));
        indexes.remove(name);
    }

    private static byte[] key(String prefix, String name) {
        return (prefix + name).getBytes(StandardCharsets.UTF_8);
    }

    // ---- serialization (CATALOG.md)

    private static final int VERSION = 1;

    static byte[] writeTable(TableInfo t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(t.name());
            out.writeUTF(t.tree());
            out.writeInt(t.columns().size());
            for (ColumnInfo c : t.columns()) {
                out.writeUTF(c.name());
                writeType(out, c.type());
                out.writeBoolean(c.notNull());
                out.writeBoolean(c.dropped());
                writeNullable(out, c.defaultSql());
            }
            out.writeInt(t.primaryKey().size());
            for (int p : t.primaryKey()) {
                out.writeInt(p);
            }
            out.writeInt(t.checks().size());
            for (String s : t.checks()) {
                out.writeUTF(s);
            }
            out.writeInt(t.options().size());
            for (Map.Entry<String, String> e : new TreeMap<>(t.options()).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            if (t.owner() != null) { // absent in rows from before owners: they read back as null
                out.writeUTF(t.owner());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TableInfo readTable(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            in.readByte();
            String name = in.readUTF();
            String tree = in.readUTF();
            int n = in.readInt();
            List<ColumnInfo> columns = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String cname = in.readUTF();
                SqlType type = readType(in);
                boolean notNull = in.readBoolean();
                boolean dropped = in.readBoolean();
                columns.add(new ColumnInfo(cname, type, notNull, readNullable(in), dropped));
            }
            List<Integer> pk = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                pk.add(in.readInt());
            }
            List<String> checks = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                checks.add(in.readUTF());
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                options.put(in.readUTF(), in.readUTF());
            }
            String owner = in.available() > 0 ? in.readUTF() : null;
            return new TableInfo(name, columns, pk, checks, options, tree, owner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] writeIndex(IndexInfo i) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(i.name());
            out.writeUTF(i.table());
            out.writeUTF(i.tree());
            out.writeBoolean(i.unique());
            out.writeBoolean(i.visible());
            out.writeInt(i.columns().size());
            for (int c : i.columns()) {
                out.writeInt(c);
            }
            if (i.anyDescending()) { // absent for all-ascending indexes: their rows stay as before DESC existed
                for (boolean d : i.descending()) {
                    out.writeBoolean(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static IndexInfo readIndex(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            in.readByte();
            String name = in.readUTF();
            String table = in.readUTF();
            String tree = in.readUTF();
            boolean unique = in.readBoolean();
            boolean visible = in.readBoolean();
            List<Integer> columns = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                columns.add(in.readInt());
            }
            List<Boolean> descending = new ArrayList<>();
            if (in.available() > 0) {
                for (int n = 0; n < columns.size(); n++) {
                    descending.add(in.readBoolean());
                }
            }
            return new IndexInfo(name, table, columns, unique, visible, tree, descending);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeType(DataOutputStream out, SqlType t) throws IOException {
        out.writeUTF(t.kind().name());
        out.writeInt(t.length());
        out.writeInt(t.precision());
        out.writeInt(t.scale());
    }

    private static SqlType readType(DataInputStream in) throws IOException {
        return new SqlType(SqlType.Kind.valueOf(in.readUTF()), in.readInt(), in.readInt(), in.readInt());
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
