package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A callable statement for {@code CALL name(args)} (also written as the JDBC escape
 * {@code {call name(args)}}): IN parameters only, the procedure's rows (if any) as the result set,
 * else its update count. OUT and named parameters, and {@code {? = call ...}}, are not supported.
 */
final class CairnCallableStatement extends UnsupportedCallableStatement {

    private static final Pattern CALL_ESCAPE = Pattern.compile("\\s*\\{\\s*(\\?\\s*=\\s*)?call\\s+(.*)}\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    CairnCallableStatement(CairnConnection connection, int resultSetType, String sql) throws SQLException {
        super(connection, resultSetType, translate(sql));
    }

    /** {@code {call p(?)}} becomes {@code CALL p(?)}; other text is passed on unchanged. */
    static String translate(String sql) throws SQLException {
        Matcher m = CALL_ESCAPE.matcher(sql);
        if (!m.matches()) {
            return sql;
        }
        if (m.group(1) != null) {
            throw new SQLFeatureNotSupportedException("{? = call ...}: Cairn procedures have no return parameter; "
                    + "their result comes back as rows or an update count");
        }
        return "CALL " + m.group(2).trim();
    }
}
