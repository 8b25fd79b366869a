package io.cairn.sql.internal.expr;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Expr.BinaryOp;
import io.cairn.sql.internal.parser.SourcePos;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import java.time.LocalDateTime;

/**
 * Compiles an AST expression against a row layout ({@link ColumnResolver}) into an
 * {@link Evaluator} tree. Name and function errors are found here, with the position of the
 * offending name: 42703 unknown column, 42702 ambiguous column, 42883 unknown function or wrong
 * argument count, 42803 an aggregate outside GROUP BY processing, 42804 operands whose known types
 * do not fit. Value errors (22xxx, and 42804 where types are only known at run time) are raised
 * when a row is evaluated, also naming the position of the operator or function that failed.
 *
 * <p>NULL follows SQL's three-valued logic: comparisons and arithmetic with NULL are NULL;
 * {@code FALSE AND NULL} is FALSE, {@code TRUE OR NULL} is TRUE; {@code x IN (..., NULL)} is NULL
 * rather than FALSE when nothing matches; CASE treats a NULL condition as not true.
 */
public final class ExpressionCompiler {

    private final ColumnResolver resolver;

    private ExpressionCompiler(ColumnResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The hidden literals of the statement this thread is planning and running (identity: the
     * very AST nodes of its text, never an equal literal of a CHECK or DEFAULT), each with its
     * slot in {@link EvalContext#hidden()}; null when it has none. A hidden literal compiles to a
     * {@link Slot}, so the compiled plan holds no value and serves every text of the shape.
     */
    private static final ThreadLocal<java.util.Map<Expr.Literal, Integer>> HIDDEN = new ThreadLocal<>();

    /** Sets (null: clears) the hidden literals of the statement the current thread runs; returns the previous ones. */
    public static java.util.Map<Expr.Literal, Integer> hideLiterals(java.util.Map<Expr.Literal, Integer> slots) {
        java.util.Map<Expr.Literal, Integer> previous = HIDDEN.get();
        if (slots == null) {
            if (previous != null) {
                HIDDEN.remove();
            }
        } else {
            HIDDEN.set(slots);
        }
        return previous;
    }

    /** The slot of {@code l} if it is a hidden literal of the running statement, else null. */
    public static Integer hiddenSlot(Expr.Literal l) {
        java.util.Map<Expr.Literal, Integer> slots = HIDDEN.get();
        return slots == null ? null : slots.get(l);
    }

    /** Compiles {@code expr} for rows laid out as {@code resolver} describes. */
    public static Evaluator compile(Expr expr, ColumnResolver resolver) throws SqlException {
        return new ExpressionCompiler(resolver).compile(expr);
    }

    /** Evaluates an expression that reads no row (SELECT without FROM, DEFAULT values). */
    public static Object evaluate(Expr expr, EvalContext context) throws SqlException {
        return compile(expr, ColumnResolver.NONE).evaluate(new Object[0], context);
    }

    private Evaluator compile(Expr e) throws SqlException {
        Evaluator replaced = resolver.replace(e);
        if (replaced != null) {
            return replaced;
        }
        if (e instanceof Expr.Literal l) {
            java.util.Map<Expr.Literal, Integer> slots = HIDDEN.get();
            Integer slot = slots == null ? null : slots.get(l);
            return slot != null ? new Slot(slot, Values.typeOf(l.value())) : new Const(l.value());
        } else if (e instanceof Expr.ColumnRef c) {
            return column(c);
        } else if (e instanceof Expr.Parameter p) {
            return new Param(p.index());
        } else if (e instanceof Expr.Unary u) {
            Evaluator operand = compile(u.operand());
            switch (u.op()) {
                case NOT:
                    return new Not(requireBoolean(operand, u.operand(), "NOT"));
                case NEG:
                    return new Negate(operand, u.pos());
                default:
                    return new Plus(operand);
            }
        } else if (e instanceof Expr.Binary b) {
            Evaluator left = compile(b.left());
            Evaluator right = compile(b.right());
            switch (b.op()) {
                case AND:
                    return new And(requireBoolean(left, b.left(), "AND"), requireBoolean(right, b.right(), "AND"));
                case OR:
                    return new Or(requireBoolean(left, b.left(), "OR"), requireBoolean(right, b.right(), "OR"));
                case EQ: case NE: case LT: case LE: case GT: case GE:
                    checkComparable(b, left.type().kind(), right.type().kind());
                    return new Compare(b.op(), left, right, b.pos());
                case CONCAT:
                    return new Concat(left, right);
                default:
                    checkArithmetic(b, left.type().kind(), right.type().kind());
                    return new Arith(b.op(), left, right, b.pos());
            }
        } else if (e instanceof Expr.IsNull n) {
            return new IsNull(compile(n.operand()), n.negated());
        } else if (e instanceof Expr.Between b) {
            Evaluator operand = compile(b.operand());
            Evaluator low = compile(b.low());
            Evaluator high = compile(b.high());
            checkComparable(b.low().pos(), operand, low);
            checkComparable(b.high().pos(), operand, high);
            Evaluator between = new And(new Compare(BinaryOp.GE, operand, low, b.pos()),
                    new Compare(BinaryOp.LE, operand, high, b.pos()));
            return b.negated() ? new Not(between) : between;
        } else if (e instanceof Expr.InList in) {
            Evaluator operand = compile(in.operand());
            Evaluator[] values = new Evaluator[in.values().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = compile(in.values().get(i));
                checkComparable(in.values().get(i).pos(), operand, values[i]);
            }
            Evaluator result = new InList(operand, values, in.pos());
            return in.negated() ? new Not(result) : result;
        } else if (e instanceof Expr.Like l) {
            return like(l);
        } else if (e instanceof Expr.Case c) {
            return caseExpr(c);
        } else if (e instanceof Expr.Cast c) {
            return new Cast(compile(c.operand()), c.type(), c.pos());
        } else if (e instanceof Expr.Extract x) {
            SqlType type = Functions.extractType(x.field());
            if (type == null) {
                throw error(x.pos(), SqlException.INVALID_PARAMETER_VALUE, "EXTRACT field \"" + x.field() + "\" is not recognized");
            }
            return new Extract(x.field(), compile(x.source()), type, x.pos());
        } else if (e instanceof Expr.FunctionCall f) {
            return call(f);
        } else if (e instanceof Expr.Default) {
            throw error(e.pos(), SqlException.SYNTAX_ERROR, "DEFAULT is only allowed as a value in INSERT or UPDATE");
        } else if (e instanceof Expr.Exists || e instanceof Expr.InSubquery || e instanceof Expr.ScalarSubquery) {
            throw error(e.pos(), SqlException.FEATURE_NOT_SUPPORTED, "subqueries are not supported here");
        }
        throw new IllegalArgumentException(e.getClass().getName());
    }

    // Compile-time type checks: when both static types are known, report a mismatch with the
    // operator's position. They mirror the runtime rules exactly; unknown types (parameters,
    // NULL) are left to the runtime checks.

    private static Evaluator requireBoolean(Evaluator e, Expr source, String what) throws SqlException {
        SqlType.Kind k = e.type().kind();
        if (k != SqlType.Kind.NULL && k != SqlType.Kind.BOOLEAN) {
            throw error(source.pos(), SqlException.DATATYPE_MISMATCH, "argument of " + what + " must be BOOLEAN, not " + k);
        }
        return e;
    }

    private static void checkComparable(Expr.Binary b, SqlType.Kind l, SqlType.Kind r) throws SqlException {
        if (l == SqlType.Kind.NULL || r == SqlType.Kind.NULL || comparable(l, r)) {
            return;
        }
        throw error(b.pos(), SqlException.DATATYPE_MISMATCH, "cannot compare " + l + " with " + r);
    }

    private static void checkComparable(SourcePos pos, Evaluator a, Evaluator b) throws SqlException {
        SqlType.Kind l = a.type().kind();
        SqlType.Kind r = b.type().kind();
        if (l != SqlType.Kind.NULL && r != SqlType.Kind.NULL && !comparable(l, r)) {
            throw error(pos, SqlException.DATATYPE_MISMATCH, "cannot compare " + l + " with " + r);
        }
    }

    static boolean comparable(SqlType.Kind l, SqlType.Kind r) {
        if (l == r || Values.promote(l, r) != null) {
            return true;
        }
        boolean lTime = l == SqlType.Kind.DATE || l == SqlType.Kind.TIMESTAMP;
        boolean rTime = r == SqlType.Kind.DATE || r == SqlType.Kind.TIMESTAMP;
        return lTime && (rTime || r == SqlType.Kind.VARCHAR) || rTime && l == SqlType.Kind.VARCHAR;
    }

    private static void checkArithmetic(Expr.Binary b, SqlType.Kind l, SqlType.Kind r) throws SqlException {
        if (l == SqlType.Kind.NULL || r == SqlType.Kind.NULL || Values.promote(l, r) != null) {
            return;
        }
        boolean intL = l == SqlType.Kind.INT || l == SqlType.Kind.BIGINT;
        boolean intR = r == SqlType.Kind.INT || r == SqlType.Kind.BIGINT;
        BinaryOp op = b.op();
        boolean ok = l == SqlType.Kind.DATE && intR && (op == BinaryOp.ADD || op == BinaryOp.SUB)
                || intL && r == SqlType.Kind.DATE && op == BinaryOp.ADD
                || l == SqlType.Kind.DATE && r == SqlType.Kind.DATE && op == BinaryOp.SUB;
        if (!ok) {
            throw error(b.pos(), SqlException.DATATYPE_MISMATCH, "operator " + op.sql + " is not defined for " + l + " and " + r);
        }
    }

    private Evaluator column(Expr.ColumnRef c) throws SqlException {
        String shown = c.table() == null ? c.column() : c.table() + "." + c.column();
        ColumnResolver.Column column;
        try {
            column = resolver.resolve(c.table(), c.column());
        } catch (SqlException ex) {
            throw error(c.pos(), ex.getSQLState(), ex.getMessage());
        }
        if (column == null) {
            throw error(c.pos(), SqlException.UNDEFINED_COLUMN, "column \"" + shown + "\" does not exist");
        }
        return new Column(column.index(), column.type());
    }

    private Evaluator like(Expr.Like l) throws SqlException {
        Evaluator operand = compile(l.operand());
        Evaluator pattern = compile(l.pattern());
        Evaluator escape = l.escape() == null ? null : compile(l.escape());
        Evaluator result;
        if (pattern instanceof Const p && (escape == null || escape instanceof Const)) {
            Object pv = p.value;
            Object ev = escape == null ? null : ((Const) escape).value;
            if (pv == null || escape != null && ev == null) {
                result = new Const(null);
            } else {
                try {
                    result = new Like(operand, LikePattern.compile(Functions.string(pv, "LIKE"),
                            ev == null ? null : Functions.string(ev, "LIKE")), null, null, l.pos());
                } catch (SqlException ex) {
                    throw error(l.pattern().pos(), ex.getSQLState(), ex.getMessage());
                }
            }
        } else {
            result = new Like(operand, null, pattern, escape, l.pos());
        }
        return l.negated() ? new Not(result) : result;
    }

    private Evaluator caseExpr(Expr.Case c) throws SqlException {
        Evaluator operand = c.operand() == null ? null : compile(c.operand());
        Evaluator[] conditions = new Evaluator[c.whens().size()];
        Evaluator[] results = new Evaluator[c.whens().size()];
        SqlType type = SqlType.NULL;
        for (int i = 0; i < conditions.length; i++) {
            Expr.When w = c.whens().get(i);
            conditions[i] = compile(w.condition());
            if (operand != null) {
                checkComparable(w.condition().pos(), operand, conditions[i]);
            } else {
                requireBoolean(conditions[i], w.condition(), "CASE WHEN");
            }
            results[i] = compile(w.result());
            type = common(type, results[i].type());
        }
        Evaluator otherwise = c.otherwise() == null ? new Const(null) : compile(c.otherwise());
        type = common(type, otherwise.type());
        return new Case(operand, conditions, results, otherwise, type);
    }

    private Evaluator call(Expr.FunctionCall f) throws SqlException {
        String name = f.name();
        if (f.isAggregate() || f.star() || f.distinct()) {
            throw error(f.pos(), SqlException.GROUPING_ERROR, "aggregate function " + name + " is not allowed here");
        }
        Evaluator[] args = new Evaluator[f.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = compile(f.args().get(i));
        }
        switch (name) {
            case "coalesce": {
                if (args.length == 0) {
                    throw arity(f, "at least one argument");
                }
                SqlType type = SqlType.NULL;
                for (Evaluator a : args) {
                    type = common(type, a.type());
                }
                return new Coalesce(args, type);
            }
            case "nullif":
                if (args.length != 2) {
                    throw arity(f, "two arguments");
                }
                return new NullIf(args[0], args[1]);
            case "concat":
                return new ConcatAll(args);
            case "current_date":
            case "current_timestamp":
            case "now":
                if (args.length != 0) {
                    throw arity(f, "no arguments");
                }
                return name.equals("current_date") ? new CurrentDate() : new CurrentTimestamp();
            default:
                break;
        }
        Functions.Definition def = Functions.lookup(name);
        if (def == null) {
            Evaluator plugin = resolver.call(f, args);
            if (plugin != null) {
                return plugin;
            }
            throw error(f.pos(), SqlException.UNDEFINED_FUNCTION, "function " + name + " does not exist");
        }
        if (args.length < def.minArgs() || args.length > def.maxArgs()) {
            throw arity(f, def.minArgs() == def.maxArgs() ? def.minArgs() + " argument(s)"
                    : def.minArgs() + " to " + def.maxArgs() + " arguments");
        }
        SqlType[] types = new SqlType[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i].type();
        }
        return new Call(def, args, def.type().apply(types), f.pos());
    }

    private static SqlException arity(Expr.FunctionCall f, String expected) {
        return error(f.pos(), SqlException.UNDEFINED_FUNCTION,
                "function " + f.name() + " takes " + expected + ", not " + f.args().size());
    }

    /** Adds the position of the operator that failed to a runtime error that has none yet. */
    static SqlException at(SqlException e, SourcePos pos) {
        if (e.line() != 0) {
            return e;
        }
        return new SqlException(e.getMessage() + " at line " + pos.line() + ", column " + pos.column(), e.getSQLState(),
                pos.line(), pos.column());
    }

    private static SqlException error(SourcePos pos, String state, String message) {
        return new SqlException(message + " at line " + pos.line() + ", column " + pos.column(), state,
                pos.line(), pos.column());
    }

    /** The type two branches (CASE, COALESCE) share as far as it is known. */
    static SqlType common(SqlType a, SqlType b) {
        if (a.kind() == SqlType.Kind.NULL) {
            return b;
        }
        if (b.kind() == SqlType.Kind.NULL || a.equals(b)) {
            return a;
        }
        SqlType.Kind numeric = Values.promote(a.kind(), b.kind());
        if (numeric != null) {
            return numeric == a.kind() ? a : b;
        }
        if (a.kind() != b.kind()) {
            return SqlType.NULL; // branches of different kinds: leave the checks to run time
        }
        return a.kind() == SqlType.Kind.VARCHAR ? SqlType.TEXT : a;
    }

    static SqlType staticType(Object value) {
        return Values.typeOf(value);
    }

    static Boolean truth(Object v, String what) throws SqlException {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new SqlException("argument of " + what + " must be BOOLEAN, not " + Values.kindOf(v), SqlException.DATATYPE_MISMATCH);
    }

    // ---------------------------------------------------------------- evaluators

    static final class Const implements Evaluator {
        final Object value;
        private final SqlType type;

        Const(Object value) {
            this.value = value;
            this.type = staticType(value);
        }

        @Override
        public Object evaluate(Object[] row, EvalContext context) {
            return value;
        }

        @Override
        public SqlType type() {
            return type;
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    record Column(int index, SqlType type) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) {
            return row[index];
        }
    }

    record Param(int index) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object[] p = context.parameters();
            if (index > p.length) {
                throw new SqlException("no value bound for parameter " + index, SqlException.INVALID_PARAMETER_VALUE);
            }
            return p[index - 1];
        }

        @Override
        public SqlType type() {
            return SqlType.NULL;
        }
    }

    /** A hidden literal: its value read from the statement's slot, its type the literal's. */
    record Slot(int index, SqlType type) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object[] h = context.hidden();
            if (index >= h.length) {
                throw new SqlException("internal error: no value for hidden parameter " + index, "XX000");
            }
            return h[index];
        }
    }

    record Not(Evaluator operand) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Boolean b = truth(operand.evaluate(row, context), "NOT");
            return b == null ? null : !b;
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    record Negate(Evaluator operand, SourcePos pos) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object v = operand.evaluate(row, context);
            try {
                return v == null ? null : Arithmetic.negate(v);
            } catch (SqlException e) {
                throw at(e, pos);
            }
        }

        @Override
        public SqlType type() {
            return operand.type();
        }
    }

    record Plus(Evaluator operand) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object v = operand.evaluate(row, context);
            return v == null ? null : Functions.numeric(v, "unary +");
        }

        @Override
        public SqlType type() {
            return operand.type();
        }
    }

    record And(Evaluator left, Evaluator right) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Boolean l = truth(left.evaluate(row, context), "AND");
            if (Boolean.FALSE.equals(l)) {
                return Boolean.FALSE;
            }
            Boolean r = truth(right.evaluate(row, context), "AND");
            if (Boolean.FALSE.equals(r)) {
                return Boolean.FALSE;
            }
            return l == null || r == null ? null : Boolean.TRUE;
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    record Or(Evaluator left, Evaluator right) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Boolean l = truth(left.evaluate(row, context), "OR");
            if (Boolean.TRUE.equals(l)) {
                return Boolean.TRUE;
            }
            Boolean r = truth(right.evaluate(row, context), "OR");
            if (Boolean.TRUE.equals(r)) {
                return Boolean.TRUE;
            }
            return l == null || r == null ? null : Boolean.FALSE;
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    record Compare(BinaryOp op, Evaluator left, Evaluator right, SourcePos pos) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object l = left.evaluate(row, context);
            if (l == null) {
                return null;
            }
            Object r = right.evaluate(row, context);
            if (r == null) {
                return null;
            }
            int c;
            try {
                c = Values.compare(l, r);
            } catch (SqlException e) {
                throw at(e, pos);
            }
            switch (op) {
                case EQ: return c == 0;
                case NE: return c != 0;
                case LT: return c < 0;
                case LE: return c <= 0;
                case GT: return c > 0;
                default: return c >= 0;
            }
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    record Arith(BinaryOp op, Evaluator left, Evaluator right, SourcePos pos) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object l = left.evaluate(row, context);
            Object r = right.evaluate(row, context);
            if (l == null || r == null) {
                return null;
            }
            try {
                return Arithmetic.apply(op, l, r);
            } catch (SqlException e) {
                throw at(e, pos);
            }
        }

        @Override
        public SqlType type() {
            SqlType.Kind k = Values.promote(left.type().kind(), right.type().kind());
            if (k == null) {
                return SqlType.NULL;
            }
            switch (k) {
                case INT: return SqlType.INT;
                case BIGINT: return SqlType.BIGINT;
                case DECIMAL: return SqlType.DECIMAL;
                default: return SqlType.DOUBLE;
            }
        }
    }

    record Concat(Evaluator left, Evaluator right) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object l = left.evaluate(row, context);
            Object r = right.evaluate(row, context);
            if (l == null || r == null) {
                return null;
            }
            return Values.toText(l).concat(Values.toText(r));
        }

        @Override
        public SqlType type() {
            return SqlType.TEXT;
        }
    }

    record IsNull(Evaluator operand, boolean negated) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            return (operand.evaluate(row, context) == null) != negated;
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    record InList(Evaluator operand, Evaluator[] values, SourcePos pos) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object v = operand.evaluate(row, context);
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (Evaluator e : values) {
                Object candidate = e.evaluate(row, context);
                if (candidate == null) {
                    sawNull = true;
                } else {
                    try {
                        if (Values.compare(v, candidate) == 0) {
                            return Boolean.TRUE;
                        }
                    } catch (SqlException ex) {
                        throw at(ex, pos);
                    }
                }
            }
            return sawNull ? null : Boolean.FALSE;
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    /** LIKE with a pattern compiled once (constant) or per row (computed pattern). */
    record Like(Evaluator operand, LikePattern compiled, Evaluator pattern, Evaluator escape, SourcePos pos)
            implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object v = operand.evaluate(row, context);
            if (v == null) {
                return null;
            }
            LikePattern p = compiled;
            if (p == null) {
                Object pv = pattern.evaluate(row, context);
                Object ev = escape == null ? null : escape.evaluate(row, context);
                if (pv == null || escape != null && ev == null) {
                    return null;
                }
                try {
                    p = LikePattern.compile(Functions.string(pv, "LIKE"), ev == null ? null : Functions.string(ev, "LIKE"));
                } catch (SqlException e) {
                    throw at(e, pos);
                }
            }
            try {
                return p.matches(Functions.string(v, "LIKE"));
            } catch (SqlException e) {
                throw at(e, pos);
            }
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    record Case(Evaluator operand, Evaluator[] conditions, Evaluator[] results, Evaluator otherwise, SqlType type)
            implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            if (operand != null) {
                Object v = operand.evaluate(row, context);
                if (v != null) {
                    for (int i = 0; i < conditions.length; i++) {
                        Object w = conditions[i].evaluate(row, context);
                        if (w != null && Values.compare(v, w) == 0) {
                            return results[i].evaluate(row, context);
                        }
                    }
                }
            } else {
                for (int i = 0; i < conditions.length; i++) {
                    if (Boolean.TRUE.equals(truth(conditions[i].evaluate(row, context), "CASE WHEN"))) {
                        return results[i].evaluate(row, context);
                    }
                }
            }
            return otherwise.evaluate(row, context);
        }
    }

    record Cast(Evaluator operand, SqlType type, SourcePos pos) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object v = operand.evaluate(row, context);
            try {
                return Values.cast(v, type);
            } catch (SqlException e) {
                throw at(e, pos);
            }
        }
    }

    record Extract(String field, Evaluator source, SqlType type, SourcePos pos) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object v = source.evaluate(row, context);
            try {
                return v == null ? null : Functions.extract(field, v);
            } catch (SqlException e) {
                throw at(e, pos);
            }
        }
    }

    /** A strict built-in function of at most three arguments: NULL if any argument is NULL. */
    record Call(Functions.Definition definition, Evaluator[] args, SqlType type, SourcePos pos) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            int n = args.length;
            Object a0 = null;
            Object a1 = null;
            Object a2 = null;
            if (n > 0 && (a0 = args[0].evaluate(row, context)) == null
                    || n > 1 && (a1 = args[1].evaluate(row, context)) == null
                    || n > 2 && (a2 = args[2].evaluate(row, context)) == null) {
                return null;
            }
            try {
                return definition.body().apply(a0, a1, a2);
            } catch (SqlException e) {
                throw at(e, pos);
            }
        }
    }

    record Coalesce(Evaluator[] args, SqlType type) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            for (Evaluator a : args) {
                Object v = a.evaluate(row, context);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }

    record NullIf(Evaluator left, Evaluator right) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            Object l = left.evaluate(row, context);
            if (l == null) {
                return null;
            }
            Object r = right.evaluate(row, context);
            return r != null && Values.compare(l, r) == 0 ? null : l;
        }

        @Override
        public SqlType type() {
            return left.type();
        }
    }

    /** CONCAT(...): NULL arguments are skipped, as in PostgreSQL. */
    record ConcatAll(Evaluator[] args) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            StringBuilder sb = new StringBuilder();
            for (Evaluator a : args) {
                Object v = a.evaluate(row, context);
                if (v != null) {
                    sb.append(Values.toText(v));
                }
            }
            return sb.toString();
        }

        @Override
        public SqlType type() {
            return SqlType.TEXT;
        }
    }

    record CurrentDate() implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) {
            return context.statementTime().toLocalDate();
        }

        @Override
        public SqlType type() {
            return SqlType.DATE;
        }
    }

    record CurrentTimestamp() implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) {
            LocalDateTime t = context.statementTime();
            return t;
        }

        @Override
        public SqlType type() {
            return SqlType.TIMESTAMP;
        }
    }

}
