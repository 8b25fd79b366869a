package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

/**
 * Browses a database the way a generic JDBC tool (DBeaver, DbVisualizer, SQuirreL) does: asks for
 * catalogs and schemas, then table types, tables, each table's columns, keys and indexes, builds
 * its own quoted SELECT from what it read, and offers the types of getTypeInfo for new columns.
 */
class GenericToolMetadataTest {

    /** What a tool keeps of a column from getColumns. */
    record Col(String name, int dataType, String typeName, Integer size, Integer digits, Integer radix,
            int nullable, String isNullable, String def, int position) {
    }

    @Test
    void aGenericToolCanBrowseQueryAndCreateFromMetadata() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:tool"); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, "
                    + "note TEXT, balance DECIMAL(12, 2) DEFAULT 0, rate DOUBLE, active BOOLEAN, born DATE, "
                    + "seen TIMESTAMP, photo BLOB)");
            s.executeUpdate("CREATE TABLE \"Order Line\" (\"OrderId\" INT, \"select\" INT, qty INT NOT NULL, "
                    + "PRIMARY KEY (\"select\", \"OrderId\"))");
            s.executeUpdate("CREATE INDEX customer_name ON customer (name)");
            s.executeUpdate("CREATE UNIQUE INDEX customer_born_name ON customer (born, name)");
            s.executeUpdate("CREATE TABLE a_b (x INT PRIMARY KEY)");
            s.executeUpdate("CREATE TABLE axb (x INT PRIMARY KEY)");
            s.executeUpdate("INSERT INTO customer VALUES (1, 'Ada', 'first', 10.50, 0.5, TRUE, DATE '1815-12-10', "
                    + "TIMESTAMP '2026-01-01 10:00:00', X'CAFE')");
            s.executeUpdate("INSERT INTO \"Order Line\" VALUES (7, 1, 3)");

            DatabaseMetaData md = c.getMetaData();
            // identity and dialect: how the tool will quote and case names
            assertEquals("Cairn", md.getDatabaseProductName());
            assertEquals("jdbc:cairn:mem:tool", md.getURL());
            assertEquals("\"", md.getIdentifierQuoteString());
            assertTrue(md.storesLowerCaseIdentifiers());
            assertTrue(md.supportsMixedCaseQuotedIdentifiers());
            assertFalse(md.storesMixedCaseQuotedIdentifiers());
            assertEquals("\\", md.getSearchStringEscape());

            // no catalogs, no schemas: the tool passes null for both
            assertFalse(md.getCatalogs().next());
            assertFalse(md.getSchemas().next());
            assertFalse(md.getSchemas(null, "%").next());
            List<String> tableTypes = strings(md.getTableTypes(), "TABLE_TYPE");
            assertTrue(tableTypes.contains("TABLE"), tableTypes.toString());

            List<String> tables = strings(md.getTables(null, null, "%", new String[] {"TABLE"}), "TABLE_NAME");
            assertEquals(List.of("Order Line", "a_b", "axb", "customer"), tables, "ordered by name");
            assertEquals(List.of("a_b"), strings(md.getTables(null, null, "a\\_b", null), "TABLE_NAME"),
                    "an escaped _ matches only itself");
            assertEquals(List.of(), strings(md.getTables(null, "nosuchschema", "%", null), "TABLE_NAME"));

            Map<String, Col> cols = columns(md, "customer");
            assertEquals(List.of("id", "name", "note", "balance", "rate", "active", "born", "seen", "photo"),
                    List.copyOf(cols.keySet()));
            assertEquals(new Col("id", Types.BIGINT, "BIGINT", 19, 0, 10, DatabaseMetaData.columnNoNulls, "NO", null, 1),
                    cols.get("id"));
            assertEquals(new Col("name", Types.VARCHAR, "VARCHAR", 40, null, null, DatabaseMetaData.columnNoNulls,
                    "NO", null, 2), cols.get("name"));
            assertEquals(Types.VARCHAR, cols.get("note").dataType());
            assertEquals("TEXT", cols.get("note").typeName());
            assertEquals(new Col("balance", Types.DECIMAL, "DECIMAL", 12, 2, 10, DatabaseMetaData.columnNullable, "YES",
                    "0", 4), cols.get("balance"));
            assertEquals(Types.DOUBLE, cols.get("rate").dataType());
            assertEquals(Types.BOOLEAN, cols.get("active").dataType());
            assertEquals(Types.DATE, cols.get("born").dataType());
            assertEquals(Types.TIMESTAMP, cols.get("seen").dataType());
            assertEquals(Types.VARBINARY, cols.get("photo").dataType());

            Map<String, Col> lines = columns(md, "Order Line");
            assertEquals(List.of("OrderId", "select", "qty"), List.copyOf(lines.keySet()));
            assertEquals(DatabaseMetaData.columnNoNulls, lines.get("OrderId").nullable(), "primary key columns are NOT NULL");

            // primary keys: ordered by COLUMN_NAME, KEY_SEQ is the position in the key
            List<String> pk = new ArrayList<>();
            try (ResultSet rs = md.getPrimaryKeys(null, null, "Order Line")) {
                while (rs.next()) {
                    pk.add(rs.getString("COLUMN_NAME") + ":" + rs.getShort("KEY_SEQ") + ":" + rs.getString("PK_NAME"));
                }
            }
            assertEquals(List.of("OrderId:2:Order Line_pkey", "select:1:Order Line_pkey"), pk);

            // indexes: unique first, then by name and position; B+tree keys ascend
            List<String> ix = new ArrayList<>();
            try (ResultSet rs = md.getIndexInfo(null, null, "customer", false, true)) {
                while (rs.next()) {
                    ix.add(rs.getString("INDEX_NAME") + ":" + rs.getBoolean("NON_UNIQUE") + ":"
                            + rs.getShort("ORDINAL_POSITION") + ":" + rs.getString("COLUMN_NAME") + ":"
                            + rs.getString("ASC_OR_DESC") + ":" + rs.getShort("TYPE"));
                }
            }
            assertEquals(List.of("customer_born_name:false:1:born:A:" + DatabaseMetaData.tableIndexOther,
                    "customer_born_name:false:2:name:A:" + DatabaseMetaData.tableIndexOther,
                    "customer_name:true:1:name:A:" + DatabaseMetaData.tableIndexOther), ix);
            try (ResultSet rs = md.getIndexInfo(null, null, "customer", true, true)) {
                int n = 0;
                while (rs.next()) {
                    assertFalse(rs.getBoolean("NON_UNIQUE"));
                    n++;
                }
                assertEquals(2, n, "unique=true lists only unique indexes");
            }

            // the tool writes its own SELECT with the quote string and checks what comes back
            for (String table : List.of("customer", "Order Line")) {
                Map<String, Col> tc = columns(md, table);
                StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + quote(md, table));
                tc.keySet().forEach(n -> select.add(quote(md, n)));
                try (ResultSet rs = s.executeQuery(select.toString())) {
                    ResultSetMetaData rmd = rs.getMetaData();
                    assertEquals(tc.size(), rmd.getColumnCount());
                    int i = 1;
                    for (Col col : tc.values()) {
                        assertEquals(col.name(), rmd.getColumnLabel(i), select.toString());
                        assertEquals(col.dataType(), rmd.getColumnType(i), col.name());
                        assertEquals(col.typeName(), rmd.getColumnTypeName(i), col.name());
                        if (col.size() != null) {
                            assertEquals(col.size().intValue(), rmd.getPrecision(i), col.name());
                        }
                        i++;
                    }
                    assertTrue(rs.next());
                    assertFalse(rs.next());
                }
            }

            // the kernel's system views are listed as SYSTEM VIEW, with columns, and can be queried the same way
            List<String> views = strings(md.getTables(null, null, "v$%", null), "TABLE_NAME");
            assertTrue(views.contains("v$session"), views.toString());
            try (ResultSet rs = md.getTables(null, null, "v$session", null)) {
                assertTrue(rs.next());
                assertEquals("SYSTEM VIEW", rs.getString("TABLE_TYPE"));
            }
            assertEquals(List.of(), strings(md.getTables(null, null, "v$session", new String[] {"TABLE"}), "TABLE_NAME"));
            List<String> all = strings(md.getTables(null, null, "%", null), "TABLE_TYPE");
            assertEquals("SYSTEM VIEW", all.get(0), "ordered by TABLE_TYPE");
            assertEquals("TABLE", all.get(all.size() - 1));
            Map<String, Col> session = columns(md, "v$session");
            assertFalse(session.isEmpty());
            for (Col col : session.values()) {
                assertEquals(DatabaseMetaData.columnNullableUnknown, col.nullable(), col.name());
                assertEquals("", col.isNullable());
            }
            StringJoiner viewSelect = new StringJoiner(", ", "SELECT ", " FROM " + quote(md, "v$session"));
            session.keySet().forEach(n -> viewSelect.add(quote(md, n)));
            try (ResultSet rs = s.executeQuery(viewSelect.toString())) {
                assertEquals(session.size(), rs.getMetaData().getColumnCount());
                int i = 1;
                for (Col col : session.values()) {
                    assertEquals(col.dataType(), rs.getMetaData().getColumnType(i++), col.name());
                }
                assertTrue(rs.next(), "this connection's own session is listed");
            }

            // every type a column reports is offered by getTypeInfo, and each offered type can be used
            Map<String, String> createParams = new LinkedHashMap<>();
        Map<String, Integer> radix = new LinkedHashMap<>();
            try (ResultSet rs = md.getTypeInfo()) {
                int lastType = Integer.MIN_VALUE;
                while (rs.next()) {
                    assertTrue(rs.getInt("DATA_TYPE") >= lastType, "getTypeInfo is ordered by DATA_TYPE");
                    lastType = rs.getInt("DATA_TYPE");
                    createParams.put(rs.getString("TYPE_NAME"), rs.getString("CREATE_PARAMS"));
                    radix.put(rs.getString("TYPE_NAME"), (Integer) rs.getObject("NUM_PREC_RADIX"));
                    assertFalse(rs.getBoolean("UNSIGNED_ATTRIBUTE"), "Cairn's numbers are signed");
                    assertEquals(DatabaseMetaData.typeNullable, rs.getShort("NULLABLE"));
                }
            }
            for (Col col : cols.values()) {
                assertTrue(createParams.containsKey(col.typeName()), col.typeName() + " is in getTypeInfo");
                assertEquals(radix.get(col.typeName()), col.radix(), "the radix of " + col.typeName());
            }
            int n = 0;
            for (Map.Entry<String, String> t : createParams.entrySet()) {
                String params = t.getValue() == null ? "" : t.getValue().equals("length") ? "(20)" : "(10, 3)";
                String table = "typed_" + n++;
                s.executeUpdate("CREATE TABLE " + table + " (k INT PRIMARY KEY, v " + t.getKey() + params + ")");
                Col v = columns(md, table).get("v");
                assertEquals(t.getKey(), v.typeName(), "a column created as " + t.getKey() + params);
            }
        }
    }

    private static String quote(DatabaseMetaData md, String name) {
        try {
            String q = md.getIdentifierQuoteString();
            return q + name.replace(q, q + q) + q;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Col> columns(DatabaseMetaData md, String table) throws Exception {
        Map<String, Col> out = new LinkedHashMap<>();
        try (ResultSet rs = md.getColumns(null, null, table.replace("_", "\\_"), "%")) {
            while (rs.next()) {
                assertEquals(table, rs.getString("TABLE_NAME"));
                assertNull(rs.getString("TABLE_CAT"));
                assertNull(rs.getString("TABLE_SCHEM"));
                out.put(rs.getString("COLUMN_NAME"), new Col(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"),
                        rs.getString("TYPE_NAME"), (Integer) rs.getObject("COLUMN_SIZE"),
                        (Integer) rs.getObject("DECIMAL_DIGITS"), (Integer) rs.getObject("NUM_PREC_RADIX"),
                        rs.getInt("NULLABLE"), rs.getString("IS_NULLABLE"), rs.getString("COLUMN_DEF"),
                        rs.getInt("ORDINAL_POSITION")));
            }
        }
        return out;
    }

    private static List<String> strings(ResultSet rs, String column) throws Exception {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getString(column));
            }
        }
        return out;
    }
}
