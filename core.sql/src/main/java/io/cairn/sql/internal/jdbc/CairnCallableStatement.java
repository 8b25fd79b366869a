package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;

/**
 * A callable statement for {@code CALL name(args)}: IN parameters only, the procedure's rows (if
 * any) as the result set; OUT parameters and named parameters are not supported.
 */
final class CairnCallableStatement extends UnsupportedCallableStatement {

    CairnCallableStatement(CairnConnection connection, int resultSetType, String sql) throws SQLException {
        super(connection, resultSetType, sql);
    }
}
