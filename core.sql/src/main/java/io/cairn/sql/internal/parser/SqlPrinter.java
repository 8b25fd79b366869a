package io.cairn.sql.internal.parser;

import io.cairn.sql.internal.parser.Query.AsOf;
import io.cairn.sql.internal.parser.Query.TableRef;
import io.cairn.sql.internal.type.Values;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prints an AST back as SQL text that parses to the same tree: keywords upper case, every
 * compound expression parenthesized, identifiers quoted when they would not read back as
 * themselves. Used for plan display, statement digests and the parser's round-trip tests.
 */
public final class SqlPrinter {

    private SqlPrinter() {
    }

    public static String print(Statement s) {
        if (s instanceof Statement.Select x) {
            return print(x.query());
        } else if (s instanceof Statement.SelectForUpdate x) {
            return print(x.query()) + " " + x.clause() + switch (x.lockWait()) {
                case WAIT -> "";
                case NOWAIT -> " NOWAIT";
                case SKIP_LOCKED -> " SKIP LOCKED";
            };
        } else if (s instanceof Statement.Insert x) {
            StringBuilder sb = new StringBuilder("INSERT INTO ").append(name(x.table()));
            if (!x.columns().isEmpty()) {
                sb.append(" (").append(join(x.columns(), SqlPrinter::ident)).append(')');
            }
            if (x.query() != null) {
                return sb.append(' ').append(print(x.query())).toString();
            }
            return sb.append(" VALUES ").append(join(x.rows(), r -> "(" + join(r, SqlPrinter::print) + ")")).toString();
        } else if (s instanceof Statement.Update x) {
            return "UPDATE " + name(x.table()) + " SET "
                    + join(x.assignments(), a -> ident(a.column()) + " = " + print(a.value())) + where(x.where());
        } else if (s instanceof Statement.Delete x) {
            return "DELETE FROM " + name(x.table()) + where(x.where());
        } else if (s instanceof Statement.CreateTable x) {
            StringBuilder sb = new StringBuilder("CREATE TABLE ");
            if (x.ifNotExists()) {
                sb.append("IF NOT EXISTS ");
            }
            sb.append(name(x.name())).append(" (").append(join(x.columns(), SqlPrinter::columnDef));
            for (Statement.TableConstraint c : x.constraints()) {
                sb.append(", ");
                if (c.name() != null) {
                    sb.append("CONSTRAINT ").append(ident(c.name())).append(' ');
                }
                if (c instanceof Statement.PrimaryKey pk) {
                    sb.append("PRIMARY KEY (").append(join(pk.columns(), SqlPrinter::ident)).append(')');
                } else if (c instanceof Statement.Unique u) {
                    sb.append("UNIQUE (").append(join(u.columns(), SqlPrinter::ident)).append(')');
                } else if (c instanceof Statement.Check ch) {
                    sb.append("CHECK (").append(print(ch.condition())).append(')');
                }
            }
            sb.append(')');
            if (!x.options().isEmpty()) {
                sb.append(" WITH (").append(join(x.options(), o -> name(o.name()) + " = " + print(o.value()))).append(')');
            }
            return sb.toString();
        } else if (s instanceof Statement.DropTable x) {
            return "DROP TABLE " + (x.ifExists() ? "IF EXISTS " : "") + name(x.name());
        } else if (s instanceof Statement.AddColumn x) {
            return "ALTER TABLE " + name(x.table()) + " ADD COLUMN " + columnDef(x.column());
        } else if (s instanceof Statement.DropColumn x) {
            return "ALTER TABLE " + name(x.table()) + " DROP COLUMN " + ident(x.column());
        } else if (s instanceof Statement.CreateIndex x) {
            return "CREATE " + (x.unique() ? "UNIQUE " : "") + "INDEX " + (x.ifNotExists() ? "IF NOT EXISTS " : "")
                    + name(x.name()) + " ON " + name(x.table()) + " ("
                    + join(x.columns(), c -> ident(c.name()) + (c.descending() ? " DESC" : "")) + ")"
                    + (x.invisible() ? " INVISIBLE" : "");
        } else if (s instanceof Statement.AlterTableOwner x) {
            return "ALTER TABLE " + name(x.table()) + " OWNER TO " + ident(x.owner());
        } else if (s instanceof Statement.AlterIndex x) {
            return "ALTER INDEX " + name(x.name()) + (x.visible() ? " VISIBLE" : " INVISIBLE");
        } else if (s instanceof Statement.DropIndex x) {
            return "DROP INDEX " + (x.ifExists() ? "IF EXISTS " : "") + name(x.name());
        } else if (s instanceof Statement.Explain x) {
            return "EXPLAIN " + (x.analyze() ? "ANALYZE " : "") + print(x.statement());
        } else if (s instanceof Statement.Begin) {
            return "BEGIN";
        } else if (s instanceof Statement.Commit) {
            return "COMMIT";
        } else if (s instanceof Statement.Rollback x) {
            return x.savepoint() == null ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT " + ident(x.savepoint());
        } else if (s instanceof Statement.Savepoint x) {
            return "SAVEPOINT " + ident(x.name());
        } else if (s instanceof Statement.ReleaseSavepoint x) {
            return "RELEASE SAVEPOINT " + ident(x.name());
        } else if (s instanceof Statement.SetTransaction x) {
            return "SET TRANSACTION ISOLATION LEVEL " + x.level().name().replace('_', ' ');
        } else if (s instanceof Statement.SetParameter x) {
            return "SET " + name(x.name()) + " = " + print(x.value());
        } else if (s instanceof Statement.Show x) {
            return "SHOW " + name(x.name());
        } else if (s instanceof Statement.Vacuum x) {
            return "VACUUM" + (x.full() ? " FULL" : "") + (x.table() == null ? "" : " " + name(x.table()));
        } else if (s instanceof Statement.Analyze x) {
            return "ANALYZE" + (x.table() == null ? "" : " " + name(x.table()));
        } else if (s instanceof Statement.Reindex x) {
            return "REINDEX " + (x.index() ? "INDEX " : "TABLE ") + name(x.name());
        } else if (s instanceof Statement.Checkpoint x) {
            return "CHECKPOINT" + (x.mode() == Statement.CheckpointMode.DEFAULT ? "" : " " + x.mode().name());
        } else if (s instanceof Statement.AlterSystemSet x) {
            return "ALTER SYSTEM SET " + name(x.name()) + " = " + print(x.value());
        } else if (s instanceof Statement.Call x) {
            return "CALL " + name(x.name()) + "(" + join(x.args(), SqlPrinter::print) + ")";
        }
        throw new IllegalArgumentException(s.getClass().getName());
    }

    private static String columnDef(Statement.ColumnDef c) {
        StringBuilder sb = new StringBuilder(ident(c.name())).append(' ').append(c.type().toSql());
        if (c.primaryKey()) {
            sb.append(" PRIMARY KEY");
        }
        if (c.notNull()) {
            sb.append(" NOT NULL");
        }
        if (c.unique()) {
            sb.append(" UNIQUE");
        }
        if (c.defaultValue() != null) {
            sb.append(" DEFAULT ").append(print(c.defaultValue()));
        }
        if (c.check() != null) {
            sb.append(" CHECK (").append(print(c.check())).append(')');
        }
        return sb.toString();
    }

    private static String where(Expr e) {
        return e == null ? "" : " WHERE " + print(e);
    }

    public static String print(Query q) {
        StringBuilder sb = new StringBuilder(body(q.body()));
        if (!q.orderBy().isEmpty()) {
            sb.append(" ORDER BY ").append(join(q.orderBy(), o -> print(o.expr()) + (o.descending() ? " DESC" : "")
                    + (o.nulls() == Query.NullOrder.DEFAULT ? "" : " NULLS " + o.nulls().name())));
        }
        if (q.limit() != null) {
            sb.append(" LIMIT ").append(print(q.limit()));
        }
        if (q.offset() != null) {
            sb.append(" OFFSET ").append(print(q.offset()));
        }
        return sb.toString();
    }

    private static String body(Query.Body b) {
        if (b instanceof Query.Nested n) {
            return "(" + print(n.query()) + ")";
        } else if (b instanceof Query.Union u) {
            return body(u.left()) + (u.all() ? " UNION ALL " : " UNION ") + body(u.right());
        }
        Query.Select s = (Query.Select) b;
        StringBuilder sb = new StringBuilder("SELECT ");
        if (s.distinct()) {
            sb.append("DISTINCT ");
        }
        sb.append(join(s.items(), item -> {
            if (item instanceof Query.Star star) {
                return star.table() == null ? "*" : ident(star.table()) + ".*";
            }
            Query.ExprItem e = (Query.ExprItem) item;
            return print(e.expr()) + (e.alias() == null ? "" : " AS " + ident(e.alias()));
        }));
        if (!s.from().isEmpty()) {
            sb.append(" FROM ").append(join(s.from(), SqlPrinter::table));
        }
        sb.append(where(s.where()));
        if (!s.groupBy().isEmpty()) {
            sb.append(" GROUP BY ").append(join(s.groupBy(), SqlPrinter::print));
        }
        if (s.having() != null) {
            sb.append(" HAVING ").append(print(s.having()));
        }
        return sb.toString();
    }

    private static String table(TableRef t) {
        if (t instanceof Query.NamedTable n) {
            AsOf asOf = n.asOf();
            return name(n.name()) + (asOf == null ? "" : " AS OF " + asOf.kind() + " " + print(asOf.point()))
                    + alias(n.alias());
        } else if (t instanceof Query.SubqueryTable s) {
            return "(" + print(s.query()) + ")" + alias(s.alias());
        } else if (t instanceof Query.FunctionTable f) {
            return name(f.name()) + "(" + join(f.args(), SqlPrinter::print) + ")" + alias(f.alias());
        }
        Query.Join j = (Query.Join) t;
        String kind = j.kind() == Query.JoinKind.INNER ? " JOIN " : j.kind() == Query.JoinKind.LEFT ? " LEFT JOIN " : " CROSS JOIN ";
        String right = j.right() instanceof Query.Join ? "(" + table(j.right()) + ")" : table(j.right());
        return table(j.left()) + kind + right + (j.condition() == null ? "" : " ON " + print(j.condition()));
    }

    private static String alias(String alias) {
        return alias == null ? "" : " AS " + ident(alias);
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        expr(sb, e);
        return sb.toString();
    }

    // Appends into one builder: expressions can be hundreds of levels deep, so each level keeps
    // its stack frame small.
    private static void expr(StringBuilder sb, Expr e) {
        if (e instanceof Expr.Literal l) {
            sb.append(literal(l.value()));
        } else if (e instanceof Expr.ColumnRef c) {
            if (c.table() != null) {
                sb.append(ident(c.table())).append('.');
            }
            sb.append(ident(c.column()));
        } else if (e instanceof Expr.Parameter) {
            sb.append('?');
        } else if (e instanceof Expr.Default) {
            sb.append("DEFAULT");
        } else if (e instanceof Expr.Unary u) {
            sb.append(u.op() == Expr.UnaryOp.NOT ? "(NOT " : u.op() == Expr.UnaryOp.NEG ? "(- " : "(+ ");
            expr(sb, u.operand());
            sb.append(')');
        } else if (e instanceof Expr.Binary b) {
            sb.append('(');
            expr(sb, b.left());
            sb.append(' ').append(b.op().sql).append(' ');
            expr(sb, b.right());
            sb.append(')');
        } else if (e instanceof Expr.IsNull n) {
            sb.append('(');
            expr(sb, n.operand());
            sb.append(n.negated() ? " IS NOT NULL)" : " IS NULL)");
        } else if (e instanceof Expr.Between b) {
            sb.append('(');
            expr(sb, b.operand());
            sb.append(not(b.negated())).append(" BETWEEN ");
            expr(sb, b.low());
            sb.append(" AND ");
            expr(sb, b.high());
            sb.append(')');
        } else if (e instanceof Expr.InList i) {
            sb.append('(');
            expr(sb, i.operand());
            sb.append(not(i.negated())).append(" IN (");
            list(sb, i.values());
            sb.append("))");
        } else if (e instanceof Expr.InSubquery i) {
            sb.append('(');
            expr(sb, i.operand());
            sb.append(not(i.negated())).append(" IN (").append(print(i.query())).append("))");
        } else if (e instanceof Expr.Like l) {
            sb.append('(');
            expr(sb, l.operand());
            sb.append(not(l.negated())).append(" LIKE ");
            expr(sb, l.pattern());
            if (l.escape() != null) {
                sb.append(" ESCAPE ");
                expr(sb, l.escape());
            }
            sb.append(')');
        } else if (e instanceof Expr.Exists x) {
            sb.append("EXISTS (").append(print(x.query())).append(')');
        } else if (e instanceof Expr.ScalarSubquery q) {
            sb.append('(').append(print(q.query())).append(')');
        } else if (e instanceof Expr.Case c) {
            sb.append("CASE");
            if (c.operand() != null) {
                sb.append(' ');
                expr(sb, c.operand());
            }
            for (Expr.When w : c.whens()) {
                sb.append(" WHEN ");
                expr(sb, w.condition());
                sb.append(" THEN ");
                expr(sb, w.result());
            }
            if (c.otherwise() != null) {
                sb.append(" ELSE ");
                expr(sb, c.otherwise());
            }
            sb.append(" END");
        } else if (e instanceof Expr.Cast c) {
            sb.append("CAST(");
            expr(sb, c.operand());
            sb.append(" AS ").append(c.type().toSql()).append(')');
        } else if (e instanceof Expr.Extract x) {
            sb.append("EXTRACT(").append(x.field().toUpperCase(Locale.ROOT)).append(" FROM ");
            expr(sb, x.source());
            sb.append(')');
        } else if (e instanceof Expr.FunctionCall f) {
            if (f.args().isEmpty() && !f.star() && (f.name().equals("current_date") || f.name().equals("current_timestamp"))) {
                sb.append(f.name().toUpperCase(Locale.ROOT));
                return;
            }
            sb.append(Parser.RESERVED.contains(f.name()) || isSpecialForm(f.name()) ? quoteParts(f.name()) : name(f.name()));
            sb.append('(');
            if (f.star()) {
                sb.append('*');
            } else {
                if (f.distinct()) {
                    sb.append("DISTINCT ");
                }
                list(sb, f.args());
            }
            sb.append(')');
        } else {
            throw new IllegalArgumentException(e.getClass().getName());
        }
    }

    private static void list(StringBuilder sb, List<Expr> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            expr(sb, items.get(i));
        }
    }

    private static boolean isSpecialForm(String name) {
        return name.equals("extract") || name.equals("trim");
    }

    private static String quoteParts(String name) {
        return name.equals("trim") || name.equals("substring") || name.equals("position") ? name : "\"" + name + "\"";
    }

    private static String not(boolean negated) {
        return negated ? " NOT" : "";
    }

    static String literal(Object v) {
        if (v == null) {
            return "NULL";
        } else if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        } else if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        } else if (v instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (v instanceof Double d) {
            String s = Double.toString(Math.abs(d));
            if (!s.contains("E")) {
                s = s + "E0";
            }
            return (d < 0 || 1 / d < 0 ? "-" : "") + s;
        } else if (v instanceof byte[] b) {
            return "X'" + java.util.HexFormat.of().formatHex(b) + "'";
        } else if (v instanceof LocalDate d) {
            return "DATE '" + d + "'";
        } else if (v instanceof LocalDateTime t) {
            return "TIMESTAMP '" + Values.formatTimestamp(t) + "'";
        }
        return v.toString();
    }

    /** A possibly dotted name, each part quoted if needed. */
    static String name(String name) {
        String[] parts = name.split("\\.", -1);
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(ident(part));
        }
        return sb.toString();
    }

    /** An identifier, quoted unless it reads back unquoted as itself. */
    public static String ident(String id) {
        boolean plain = !id.isEmpty() && !Parser.RESERVED.contains(id) && (Character.isLowerCase(id.charAt(0)) || id.charAt(0) == '_');
        for (int i = 0; plain && i < id.length(); i++) {
            char c = id.charAt(i);
            plain = c >= 'a' && c <= 'z' || c == '_' || c == '$' || c >= '0' && c <= '9';
        }
        return plain ? id : "\"" + id.replace("\"", "\"\"") + "\"";
    }

    private static <T> String join(List<T> items, Function<T, String> f) {
        return items.stream().map(f).collect(Collectors.joining(", "));
    }
}
