package io.cairn.sql.internal.plan;

import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.SqlException;
import io.cairn.sql.SqlFunction;
import io.cairn.sql.SystemView;
import io.cairn.sql.internal.engine.SystemRegistry;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.SourcePos;
import io.cairn.sql.internal.type.SqlType;

/**
 * A call of a plugin's {@link SqlFunction}: arguments converted to its parameter types, its
 * result checked against its return type, and anything it throws turned into a SQL error.
 */
final class PluginFunctionCall implements Evaluator {

    /** SQLSTATE of a function that failed with something other than a {@link SqlException}. */
    static final String EXTERNAL_ROUTINE_EXCEPTION = "38000";

    private final SqlFunction function;
    private final Evaluator[] args;
    private final SqlType type;
    private final SourcePos pos;

    private PluginFunctionCall(SqlFunction function, Evaluator[] args, SourcePos pos) {
        this.function = function;
        this.args = args;
        this.type = SystemRegistry.sqlType(function.returnType());
        this.pos = pos;
    }

    /** The call, or 42883 naming the signature when the number or types of the arguments do not fit. */
    static PluginFunctionCall of(SqlFunction fn, Expr.FunctionCall f, Evaluator[] args) throws SqlException {
        List<SystemView.Column> params = fn.parameters();
        boolean fits = params.size() == args.length && !f.distinct() && !f.star();
        for (int i = 0; fits && i < args.length; i++) {
            fits = accepts(SystemRegistry.sqlType(params.get(i).type()), args[i].type());
        }
        if (!fits) {
            List<String> given = new ArrayList<>();
            for (Evaluator a : args) {
                given.add(a.type().toString());
            }
            List<String> wanted = new ArrayList<>();
            for (SystemView.Column c : params) {
                wanted.add(c.name() + " " + c.type());
            }
            throw new SqlException("function " + f.name() + "(" + String.join(", ", given) + ") does not exist; "
                    + fn.name() + " takes (" + String.join(", ", wanted) + ") at line " + f.pos().line() + ", column "
                    + f.pos().column(), SqlException.UNDEFINED_FUNCTION, f.pos().line(), f.pos().column());
        }
        return new PluginFunctionCall(fn, args, f.pos());
    }

    private static boolean accepts(SqlType param, SqlType arg) {
        SqlType.Kind p = param.kind();
        SqlType.Kind a = arg.kind();
        return a == SqlType.Kind.NULL || a == p || p.isNumeric() && a.isNumeric()
                || p == SqlType.Kind.TIMESTAMP && a == SqlType.Kind.DATE;
    }

    @Override
    public Object evaluate(Object[] row, EvalContext context) throws SqlException {
        List<SystemView.Column> params = function.parameters();
        Object[] values = new Object[args.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = SystemRegistry.convert(args[i].evaluate(row, context), params.get(i).type(),
                    "argument " + params.get(i).name() + " of " + function.name());
        }
        Object result;
        try {
            result = function.invoke(values);
        } catch (SqlException e) {
            throw e.line() != 0 ? e : new SqlException(e.getMessage() + " at line " + pos.line() + ", column "
                    + pos.column(), e.getSQLState(), pos.line(), pos.column());
        } catch (RuntimeException e) {
            SqlException s = new SqlException("function " + function.name() + " failed: " + e
                    + " at line " + pos.line() + ", column " + pos.column(), EXTERNAL_ROUTINE_EXCEPTION, pos.line(), pos.column());
            s.initCause(e);
            throw s;
        }
        return SystemRegistry.convert(result, function.returnType(), "result of function " + function.name());
    }

    @Override
    public SqlType type() {
        return type;
    }
}
