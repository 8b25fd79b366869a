package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.sql.internal.type.SqlType;

/**
 * The primary key values an INSERT ... VALUES stores, for getGeneratedKeys(). Cairn generates no
 * key values itself (no sequences or identity columns), so the keys are the ones the statement
 * gives: supported when every primary key column is given as a literal or a {@code ?} for every
 * row. The values are cast to the column types by the engine, so they come back as stored.
 * Anything else (INSERT ... SELECT, defaulted or computed keys, tables without a primary key)
 * fails with SQLFeatureNotSupportedException when the statement is prepared.
 */
final class GeneratedKeys {

    private final List<String> names = new ArrayList<>();
    private final List<SqlType> types = new ArrayList<>();
    /** Per inserted row, the expression giving each key column. */
    private final List<List<Expr>> rows = new ArrayList<>();

    static GeneratedKeys plan(CairnConnection connection, Statement parsed) throws SQLException {
        if (!(parsed instanceof Statement.Insert ins) || ins.query() != null) {
            throw new SQLFeatureNotSupportedException("generated keys are supported for INSERT ... VALUES only");
        }
        TableInfo t = connection.committedCatalog().findTable(ins.table());
        if (t == null || t.primaryKey().isEmpty()) {
            throw new SQLFeatureNotSupportedException(
                    "generated keys need a table with a primary key: " + ins.table());
        }
        List<String> targets = new ArrayList<>();
        if (ins.columns().isEmpty()) {
            for (int i : t.visibleColumns()) {
                targets.add(t.columns().get(i).name());
            }
        } else {
            targets.addAll(ins.columns());
        }
        GeneratedKeys keys = new GeneratedKeys();
        List<Integer> positions = new ArrayList<>();
        for (int k : t.primaryKey()) {
            ColumnInfo c = t.columns().get(k);
            int at = targets.indexOf(c.name());
            if (at < 0) {
                throw new SQLFeatureNotSupportedException("generated keys need the key column " + c.name()
                        + " given in the INSERT");
            }
            positions.add(at);
            keys.names.add(c.name());
            keys.types.add(c.type());
        }
        for (List<Expr> row : ins.rows()) {
            List<Expr> key = new ArrayList<>();
            for (int at : positions) {
                Expr e = at < row.size() ? row.get(at) : null;
                if (!(e instanceof Expr.Literal) && !(e instanceof Expr.Parameter)) {
                    throw new SQLFeatureNotSupportedException(
                            "generated keys need key values given as literals or ? parameters");
                }
                key.add(e);
            }
            keys.rows.add(key);
        }
        return keys;
    }

    /** The key rows of one execution with {@code params}, cast by the engine to the key types. */
    List<Object[]> values(CairnConnection connection, Object[] params) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            sql.append(i > 0 ? ", " : "").append("CAST(? AS ").append(types.get(i).toSql()).append(')');
        }
        String text = sql.toString();
        Statement parsed = CairnConnection.parse(text);
        List<Object[]> out = new ArrayList<>();
        for (List<Expr> row : rows) {
            Object[] args = new Object[row.size()];
            for (int i = 0; i < args.length; i++) {
                Expr e = row.get(i);
                args[i] = e instanceof Expr.Literal l ? l.value() : params[((Expr.Parameter) e).index() - 1];
            }
            SqlResult r = connection.run(text, parsed, args, null);
            out.add(r.rows().get(0));
        }
        return out;
    }

    CairnResultSet resultSet(List<Object[]> keyRows) {
        return new CairnResultSet(null, names, types, keyRows, java.sql.ResultSet.TYPE_FORWARD_ONLY);
    }
}
