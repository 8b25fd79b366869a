package io.cairn.sql.internal.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.cairn.sql.internal.catalog.Catalog;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.IndexInfo;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.type.SqlType;

/**
 * Database metadata for generic JDBC tools. The catalog methods read the committed SQL catalog
 * through a private short read-committed transaction (so DDL that the connection has not yet
 * committed is not listed). Cairn has one catalog and no schemas: both are reported as null.
 */
final class CairnDatabaseMetaData extends UnsupportedDatabaseMetaData {

    private static final SqlType TEXT = SqlType.TEXT;
    private static final SqlType INT = SqlType.INT;

    private final CairnConnection connection;

    CairnDatabaseMetaData(CairnConnection connection) {
        this.connection = connection;
    }

    private Catalog catalog() throws SQLException {
        return connection.committedCatalog();
    }

    /** A JDBC search pattern (% and _, escape \) as a predicate; null matches everything. */
    static Pattern pattern(String p) {
        if (p == null) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                re.append(Pattern.quote(String.valueOf(p.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static boolean matches(Pattern p, String s) {
        return p == null || p.matcher(s).matches();
    }

    /** Catalog and schema arguments: Cairn has neither, so only null, "" or "%" can match. */
    private static boolean noSchemaFilter(String catalog, String schemaPattern) {
        return (catalog == null || catalog.isEmpty()) && (schemaPattern == null || schemaPattern.isEmpty()
                || schemaPattern.equals("%"));
    }

    private static ResultSet rows(List<String> names, List<SqlType> types, List<Object[]> rows) {
        return new CairnResultSet(null, names, types, rows, ResultSet.TYPE_SCROLL_INSENSITIVE);
    }

    private static List<SqlType> types(SqlType... t) {
        return Arrays.asList(t);
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        List<String> names = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT",
                "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
        List<Object[]> out = new ArrayList<>();
        boolean wantViews = types == null || Arrays.stream(types).anyMatch(SYSTEM_VIEW::equalsIgnoreCase);
        boolean wantTables = types == null || Arrays.stream(types).anyMatch("TABLE"::equalsIgnoreCase);
        if (noSchemaFilter(catalog, schemaPattern)) {
            Pattern p = pattern(tableNamePattern);
            if (wantViews) { // ordered by TABLE_TYPE first, as JDBC asks: SYSTEM VIEW < TABLE
                for (io.cairn.sql.SystemView v : systemViews()) {
                    if (matches(p, v.name())) {
                        out.add(new Object[] {null, null, v.name(), SYSTEM_VIEW, null, null, null, null, null, null});
                    }
                }
            }
            if (wantTables) {
                for (TableInfo t : catalog().tables()) {
                    if (matches(p, t.name())) {
                        out.add(new Object[] {null, null, t.name(), "TABLE", null, null, null, null, null, null});
                    }
                }
            }
        }
        return rows(names, java.util.Collections.nCopies(names.size(), TEXT), out);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        List<String> names = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE",
                "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE",
                "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE",
                "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
        List<SqlType> types = types(TEXT, TEXT, TEXT, TEXT, INT, TEXT, INT, INT, INT, INT, INT, TEXT, TEXT, INT,
                INT, INT, INT, TEXT, TEXT, TEXT, TEXT, INT, TEXT, TEXT);
        List<Object[]> out = new ArrayList<>();
        if (noSchemaFilter(catalog, schemaPattern)) {
            Pattern tp = pattern(tableNamePattern);
            Pattern cp = pattern(columnNamePattern);
            for (TableInfo t : catalog().tables()) {
                if (!matches(tp, t.name())) {
                    continue;
                }
                int pos = 0;
                for (int i : t.visibleColumns()) {
                    ColumnInfo c = t.columns().get(i);
                    pos++;
                    if (!matches(cp, c.name())) {
                        continue;
                    }
                    SqlType ty = c.type();
                    boolean notNull = c.notNull() || t.primaryKey().contains(i);
                    int size = CairnResultSetMetaData.precision(ty);
                    out.add(new Object[] {null, null, t.name(), c.name(), CairnResultSetMetaData.jdbcType(ty),
                            CairnResultSetMetaData.typeName(ty), size == 0 ? null : size, null,
                            decimalDigits(ty),
                            ty.kind().isNumeric() ? (Integer) 10 : null,
                            notNull ? columnNoNulls : columnNullable, null, c.defaultSql(), null, null,
                            ty.kind() == SqlType.Kind.VARCHAR && ty.length() > 0 ? (Integer) (ty.length() * 4) : null, pos,
                            notNull ? "NO" : "YES", null, null, null, null, "NO", "NO"});
                }
            }
            for (io.cairn.sql.SystemView v : systemViews()) {
                if (!matches(tp, v.name())) {
                    continue;
                }
                eachColumn(v.columns(), cp, out, (pos, col) -> {
                    SqlType ty = io.cairn.sql.internal.engine.SystemRegistry.sqlType(col.type());
                    int size = CairnResultSetMetaData.precision(ty);
                    // a view declares no nullability: "unknown" and an empty IS_NULLABLE, as JDBC says
                    return new Object[] {null, null, v.name(), col.name(), CairnResultSetMetaData.jdbcType(ty),
                            CairnResultSetMetaData.typeName(ty), size == 0 ? null : size, null, decimalDigits(ty),
                            ty.kind().isNumeric() ? (Integer) 10 : null, columnNullableUnknown, null, null, null,
                            null, null, pos, "", null, null, null, null, "NO", "NO"};
                });
            }
            // ordered by TABLE_NAME, then ORDINAL_POSITION (the sort is stable)
            out.sort((a, b) -> ((String) a[2]).compareTo((String) b[2]));
        }
        return rows(names, types, out);
    }

    private static Integer decimalDigits(SqlType ty) {
        return switch (ty.kind()) {
            case DECIMAL -> ty.scale();
            case INT, BIGINT -> 0;
            case TIMESTAMP -> 9;
            default -> null;
        };
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        List<String> names = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
        List<Object[]> out = new ArrayList<>();
        if (noSchemaFilter(catalog, schema)) {
            for (TableInfo t : catalog().tables()) {
                if (table != null && !t.name().equals(table)) {
                    continue;
                }
                int seq = 0;
                for (int i : t.primaryKey()) {
                    out.add(new Object[] {null, null, t.name(), t.columns().get(i).name(), ++seq, t.name() + "_pkey"});
                }
            }
        }
        out.sort((a, b) -> ((String) a[3]).compareTo((String) b[3]));
        return rows(names, types(TEXT, TEXT, TEXT, TEXT, INT, TEXT), out);
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        List<String> names = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER",
                "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
                "FILTER_CONDITION");
        List<SqlType> types = types(TEXT, TEXT, TEXT, SqlType.BOOLEAN, TEXT, TEXT, INT, INT, TEXT, TEXT,
                SqlType.BIGINT, SqlType.BIGINT, TEXT);
        List<Object[]> out = new ArrayList<>();
        if (noSchemaFilter(catalog, schema)) {
            Catalog cat = catalog();
            for (TableInfo t : cat.tables()) {
                if (table != null && !t.name().equals(table)) {
                    continue;
                }
                List<IndexInfo> indexes = new ArrayList<>(cat.indexesOf(t.name()));
                indexes.sort((a, b) -> a.unique() != b.unique() ? (a.unique() ? -1 : 1) : a.name().compareTo(b.name()));
                for (IndexInfo ix : indexes) {
                    if (unique && !ix.unique()) {
                        continue;
                    }
                    int pos = 0;
                    for (int c : ix.columns()) {
                        // "A": index keys are stored ascending (DESC index columns are refused)
                        out.add(new Object[] {null, null, t.name(), !ix.unique(), null, ix.name(),
                                (int) tableIndexOther, ++pos, t.columns().get(c).name(), "A", null, null, null});
                    }
                }
            }
        }
        return rows(names, types, out);
    }

    // ---- things Cairn does not have: the correct answer is an empty result with the JDBC columns

    private ResultSet empty(String... names) throws SQLException {
        connection.checkOpen();
        return rows(List.of(names), java.util.Collections.nCopies(names.length, TEXT), List.of());
    }

    private static final String[] KEY_COLUMNS = {"PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME",
        "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE",
        "FK_NAME", "PK_NAME", "DEFERRABILITY"};

    /** There are no foreign keys in Cairn's SQL dialect. */
    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return empty(KEY_COLUMNS);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return empty(KEY_COLUMNS);
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
            String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        return empty(KEY_COLUMNS);
    }

    /** The procedures plugins registered in this database (SqlProcedure), run by CALL. */
    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        List<String> names = List.of("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1",
                "RESERVED2", "RESERVED3", "REMARKS", "PROCEDURE_TYPE", "SPECIFIC_NAME");
        connection.checkOpen();
        List<Object[]> out = new ArrayList<>();
        if (noSchemaFilter(catalog, schemaPattern)) {
            Pattern p = pattern(procedureNamePattern);
            for (io.cairn.sql.SqlProcedure proc : connection.engine().registry().procedures()) {
                if (matches(p, proc.name())) {
                    // a procedure may return rows or an update count: "unknown" is the honest answer
                    out.add(new Object[] {null, null, proc.name(), null, null, null, null,
                            (int) procedureResultUnknown, proc.name()});
                }
            }
        }
        return rows(names, types(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, INT, TEXT), out);
    }

    /** The IN parameters of the registered procedures (their result columns are not declared ahead). */
    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
            String columnNamePattern) throws SQLException {
        List<String> names = List.of("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME",
                "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME", "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE",
                "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION", "IS_NULLABLE", "SPECIFIC_NAME");
        List<SqlType> types = types(TEXT, TEXT, TEXT, TEXT, INT, INT, TEXT, INT, INT, INT, INT, INT, TEXT, TEXT,
                INT, INT, INT, INT, TEXT, TEXT);
        connection.checkOpen();
        List<Object[]> out = new ArrayList<>();
        if (noSchemaFilter(catalog, schemaPattern)) {
            Pattern pp = pattern(procedureNamePattern);
            Pattern cp = pattern(columnNamePattern);
            for (io.cairn.sql.SqlProcedure proc : connection.engine().registry().procedures()) {
                if (!matches(pp, proc.name())) {
                    continue;
                }
                eachColumn(proc.parameters(), cp, out, (pos, col) -> {
                    SqlType ty = io.cairn.sql.internal.engine.SystemRegistry.sqlType(col.type());
                    int precision = CairnResultSetMetaData.precision(ty);
                    return new Object[] {null, null, proc.name(), col.name(), (int) procedureColumnIn,
                            CairnResultSetMetaData.jdbcType(ty), CairnResultSetMetaData.typeName(ty),
                            precision == 0 ? null : precision, null, decimalDigits(ty),
                            ty.kind().isNumeric() ? (Integer) 10 : null, (int) procedureNullable, null, null, null,
                            null, null, pos, "YES", proc.name()};
                });
            }
        }
        return rows(names, types, out);
    }

    /** No user-defined functions (the built-ins are listed by get...Functions()). */
    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE", "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
            String columnNamePattern) throws SQLException {
        return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE",
                "TYPE_NAME", "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS", "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION", "IS_NULLABLE", "SPECIFIC_NAME");
    }

    /** The hidden row id of a table without a primary key is not addressable from SQL. */
    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "COLUMN_SIZE",
                "DECIMAL_DIGITS", "NUM_PREC_RADIX", "COLUMN_USAGE", "REMARKS", "CHAR_OCTET_LENGTH", "IS_NULLABLE");
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
            String attributeNamePattern) throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE", "ATTR_TYPE_NAME", "ATTR_SIZE",
                "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "ATTR_DEF", "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG",
                "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE");
    }

    /** No user-defined types. */
    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE", "REMARKS", "BASE_TYPE");
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern)
            throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM", "SUPERTYPE_NAME");
    }

    /** No table inheritance. */
    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
    }

    /** No columns are updated automatically when a row changes. */
    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return empty("SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH",
                "DECIMAL_DIGITS", "PSEUDO_COLUMN");
    }

    /** The driver defines no client info properties (it stores whatever is set). */
    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return empty("NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
    }

    /** The primary key identifies a row; tables without one have no visible identifier. */
    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        List<String> names = List.of("SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
                "BUFFER_LENGTH", "DECIMAL_DIGITS", "PSEUDO_COLUMN");
        List<Object[]> out = new ArrayList<>();
        if (noSchemaFilter(catalog, schema)) {
            TableInfo t = catalog().findTable(table);
            if (t != null) {
                for (int i : t.primaryKey()) {
                    ColumnInfo c = t.columns().get(i);
                    int size = CairnResultSetMetaData.precision(c.type());
                    out.add(new Object[] {(int) bestRowSession, c.name(), CairnResultSetMetaData.jdbcType(c.type()),
                            CairnResultSetMetaData.typeName(c.type()), size == 0 ? null : size, null,
                            decimalDigits(c.type()), (int) bestRowNotPseudo});
                }
            }
        }
        return rows(names, types(INT, TEXT, INT, TEXT, INT, INT, INT, INT), out);
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        connection.checkOpen();
        return rows(List.of("TABLE_SCHEM", "TABLE_CATALOG"), types(TEXT, TEXT), List.of());
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        connection.checkOpen();
        return rows(List.of("TABLE_CAT"), types(TEXT), List.of());
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        connection.checkOpen();
        return rows(List.of("TABLE_TYPE"), types(TEXT),
                List.<Object[]>of(new Object[] {SYSTEM_VIEW}, new Object[] {"TABLE"}));
    }

    /** Adds {@code row(position, column)} for each column (of a view or procedure) whose name matches {@code cp}. */
    private static void eachColumn(List<io.cairn.sql.SystemView.Column> columns, Pattern cp, List<Object[]> out,
            java.util.function.BiFunction<Integer, io.cairn.sql.SystemView.Column, Object[]> row) {
        int pos = 0;
        for (io.cairn.sql.SystemView.Column col : columns) {
            pos++;
            if (matches(cp, col.name())) {
                out.add(row.apply(pos, col));
            }
        }
    }

    /** The type of the read-only views the kernel and plugins register (v$session...). */
    static final String SYSTEM_VIEW = "SYSTEM VIEW";

    /** The system views queries can use now, by name. */
    private List<io.cairn.sql.SystemView> systemViews() throws SQLException {
        connection.checkOpen();
        io.cairn.sql.internal.engine.SystemRegistry registry = connection.engine().registry();
        List<io.cairn.sql.SystemView> views = new ArrayList<>();
        for (String name : registry.viewNames()) {
            io.cairn.sql.SystemView v = registry.view(name);
            if (v != null) { // a plugin may have left meanwhile
                views.add(v);
            }
        }
        return views;
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        connection.checkOpen();
        List<String> names = List.of("TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX",
                "CREATE_PARAMS", "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE",
                "FIXED_PREC_SCALE", "AUTO_INCREMENT", "LOCAL_TYPE_NAME", "MINIMUM_SCALE", "MAXIMUM_SCALE",
                "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "NUM_PREC_RADIX");
        SqlType B = SqlType.BOOLEAN;
        List<SqlType> types = types(TEXT, INT, INT, TEXT, TEXT, TEXT, INT, B, INT, B, B, B, TEXT, INT, INT, INT,
                INT, INT);
        List<Object[]> out = new ArrayList<>();
        // ordered by DATA_TYPE as JDBC asks
        out.add(type("BIGINT", Types.BIGINT, 19, null, null, null, false, 0, 0, 10));
        out.add(type("BLOB", Types.VARBINARY, 0, "X'", "'", null, false, 0, 0, null));
        out.add(type("INT", Types.INTEGER, 10, null, null, null, false, 0, 0, 10));
        out.add(type("DECIMAL", Types.DECIMAL, SqlType.MAX_DECIMAL_PRECISION, null, null, "precision,scale", false,
                0, SqlType.MAX_DECIMAL_PRECISION, 10));
        out.add(type("DOUBLE", Types.DOUBLE, 17, null, null, null, false, 0, 0, 10)); // 17 decimal digits
        out.add(type("VARCHAR", Types.VARCHAR, Integer.MAX_VALUE, "'", "'", "length", true, 0, 0, null));
        out.add(type("TEXT", Types.VARCHAR, Integer.MAX_VALUE, "'", "'", null, true, 0, 0, null));
        out.add(type("BOOLEAN", Types.BOOLEAN, 1, null, null, null, false, 0, 0, null));
        out.add(type("DATE", Types.DATE, 10, "DATE '", "'", null, false, 0, 0, null));
        out.add(type("TIMESTAMP", Types.TIMESTAMP, 29, "TIMESTAMP '", "'", null, false, 0, 9, null));
        out.sort((a, b) -> Integer.compare((Integer) a[1], (Integer) b[1]));
        return rows(names, types, out);
    }

    private static Object[] type(String name, int jdbc, int precision, String prefix, String suffix, String params,
            boolean caseSensitive, int minScale, int maxScale, Integer radix) {
        return new Object[] {name, jdbc, precision, prefix, suffix, params, (int) typeNullable, caseSensitive,
                (int) typeSearchable, false, false, false, name, minScale, maxScale, null, null, radix};
    }

    // ---- identity

    @Override
    public String getDatabaseProductName() {
        return "Cairn";
    }

    @Override
    public String getDatabaseProductVersion() {
        return CairnDriver.MAJOR + "." + CairnDriver.MINOR;
    }

    @Override
    public int getDatabaseMajorVersion() {
        return CairnDriver.MAJOR;
    }

    @Override
    public int getDatabaseMinorVersion() {
        return CairnDriver.MINOR;
    }

    @Override
    public String getDriverName() {
        return "Cairn JDBC (embedded)";
    }

    @Override
    public String getDriverVersion() {
        return CairnDriver.MAJOR + "." + CairnDriver.MINOR;
    }

    @Override
    public int getDriverMajorVersion() {
        return CairnDriver.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return CairnDriver.MINOR;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 2;
    }

    @Override
    public String getURL() {
        return connection.url;
    }

    @Override
    public String getUserName() {
        return connection.user;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    // ---- SQL dialect

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    @Override
    public String getSQLKeywords() {
        // keywords beyond SQL:2003 that the parser reserves or gives meaning to
        return "ANALYZE,CHECKPOINT,EXPLAIN,INVISIBLE,LIMIT,OFFSET,REINDEX,SCN,SHOW,SNAPSHOT,VACUUM,VISIBLE";
    }

    @Override
    public String getNumericFunctions() {
        return "ABS,CEILING,FLOOR,MOD,POWER,ROUND,SQRT";
    }

    @Override
    public String getStringFunctions() {
        return "CHAR_LENGTH,LENGTH,LOWER,LTRIM,POSITION,REPLACE,RTRIM,SUBSTRING,TRIM,UPPER";
    }

    @Override
    public String getSystemFunctions() {
        return "COALESCE,NULLIF";
    }

    @Override
    public String getTimeDateFunctions() {
        return "CURRENT_DATE,CURRENT_TIMESTAMP,EXTRACT";
    }

    @Override
    public String getSearchStringEscape() {
        return "\\";
    }

    @Override
    public String getExtraNameCharacters() {
        return "";
    }

    @Override
    public String getCatalogSeparator() {
        return "";
    }

    @Override
    public String getCatalogTerm() {
        return "catalog";
    }

    @Override
    public String getSchemaTerm() {
        return "schema";
    }

    @Override
    public String getProcedureTerm() {
        return "procedure";
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean storesUpperCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return true;
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean nullsAreSortedHigh() {
        return true; // NULLs sort last ascending, as in PostgreSQL
    }

    @Override
    public boolean nullsAreSortedLow() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtStart() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtEnd() {
        return false;
    }

    @Override
    public boolean nullPlusNonNullIsNull() {
        return true;
    }

    @Override
    public boolean usesLocalFiles() {
        return true;
    }

    @Override
    public boolean usesLocalFilePerTable() {
        return false;
    }

    @Override
    public boolean allProceduresAreCallable() {
        return true; // getProcedures lists exactly what CALL can run
    }

    @Override
    public boolean allTablesAreSelectable() {
        return true;
    }

    // ---- capabilities, answered for what the driver and engine do today

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_READ_COMMITTED;
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level == Connection.TRANSACTION_READ_COMMITTED || level == Connection.TRANSACTION_REPEATABLE_READ;
    }

    @Override
    public boolean supportsSavepoints() {
        return true;
    }

    @Override
    public boolean supportsMultipleTransactions() {
        return true;
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() {
        return true;
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() {
        return false;
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() {
        return false;
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() {
        return false;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return true;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY || type == ResultSet.TYPE_SCROLL_INSENSITIVE;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return supportsResultSetType(type) && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        // CLOSE (the default): a commit or rollback closes open forward-only results; HOLD buffers them
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT || holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean insertsAreDetected(int type) {
        return false;
    }

    @Override
    public boolean supportsGetGeneratedKeys() {
        return false;
    }

    @Override
    public boolean supportsNamedParameters() {
        return false;
    }

    @Override
    public boolean supportsMultipleResultSets() {
        return false;
    }

    @Override
    public boolean supportsMultipleOpenResults() {
        return false;
    }

    @Override
    public boolean supportsStatementPooling() {
        return false;
    }

    @Override
    public boolean supportsStoredProcedures() {
        return true; // CALL runs the procedures plugins register
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() {
        return false;
    }

    @Override
    public boolean supportsPositionedDelete() {
        return false;
    }

    @Override
    public boolean supportsPositionedUpdate() {
        return false;
    }

    @Override
    public boolean supportsSelectForUpdate() {
        return false;
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() {
        return true;
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() {
        return true;
    }

    @Override
    public boolean supportsColumnAliasing() {
        return true;
    }

    @Override
    public boolean supportsConvert() {
        return false;
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) {
        return false;
    }

    @Override
    public boolean supportsTableCorrelationNames() {
        return true;
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() {
        return false;
    }

    @Override
    public boolean supportsExpressionsInOrderBy() {
        return true;
    }

    @Override
    public boolean supportsOrderByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupBy() {
        return true;
    }

    @Override
    public boolean supportsGroupByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupByBeyondSelect() {
        return true;
    }

    @Override
    public boolean supportsLikeEscapeClause() {
        return true;
    }

    @Override
    public boolean supportsNonNullableColumns() {
        return true;
    }

    @Override
    public boolean supportsMinimumSQLGrammar() {
        return true;
    }

    @Override
    public boolean supportsCoreSQLGrammar() {
        return false;
    }

    @Override
    public boolean supportsExtendedSQLGrammar() {
        return false;
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() {
        return false;
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() {
        return false;
    }

    @Override
    public boolean supportsANSI92FullSQL() {
        return false;
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() {
        return false;
    }

    @Override
    public boolean supportsOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsFullOuterJoins() {
        return false;
    }

    @Override
    public boolean supportsLimitedOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsSchemasInDataManipulation() {
        return false;
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() {
        return false;
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() {
        return false;
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean isCatalogAtStart() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInComparisons() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInExists() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInIns() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() {
        return false;
    }

    @Override
    public boolean supportsCorrelatedSubqueries() {
        return true;
    }

    @Override
    public boolean supportsUnion() {
        return true;
    }

    @Override
    public boolean supportsUnionAll() {
        return true;
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() {
        return true; // with HOLD_CURSORS_OVER_COMMIT: the rest of a streaming result is buffered at commit
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() {
        return true;
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() {
        return true;
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() {
        return true;
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() {
        return true;
    }

    @Override
    public int getMaxBinaryLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxCharLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxColumnNameLength() {
        return 0;
    }

    @Override
    public int getMaxColumnsInGroupBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInIndex() {
        return 0;
    }

    @Override
    public int getMaxColumnsInOrderBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInSelect() {
        return 0;
    }

    @Override
    public int getMaxColumnsInTable() {
        return 0;
    }

    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public int getMaxCursorNameLength() {
        return 0;
    }

    @Override
    public int getMaxIndexLength() {
        return 0;
    }

    @Override
    public int getMaxSchemaNameLength() {
        return 0;
    }

    @Override
    public int getMaxProcedureNameLength() {
        return 0;
    }

    @Override
    public int getMaxCatalogNameLength() {
        return 0;
    }

    @Override
    public int getMaxRowSize() {
        return 0;
    }

    @Override
    public int getMaxStatementLength() {
        return 0;
    }

    @Override
    public int getMaxStatements() {
        return 0;
    }

    @Override
    public int getMaxTableNameLength() {
        return 0;
    }

    @Override
    public int getMaxTablesInSelect() {
        return 0;
    }

    @Override
    public int getMaxUserNameLength() {
        return 0;
    }

    @Override
    public int getSQLStateType() {
        return sqlStateSQL;
    }

    @Override
    public boolean locatorsUpdateCopy() {
        return false;
    }

    @Override
    public RowIdLifetime getRowIdLifetime() {
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() {
        return false;
    }

    @Override
    public boolean generatedKeyAlwaysReturned() {
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
