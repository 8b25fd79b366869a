package io.cairn.sql.internal.expr;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.parser.Expr.BinaryOp;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * SQL arithmetic on non-null values. Operands are promoted along INT → BIGINT → DECIMAL → DOUBLE;
 * INT and BIGINT results that overflow fail with 22003 (never wrap), as does a DOUBLE result that
 * becomes infinite; division or modulo by zero fails with 22012. Integer division truncates
 * toward zero. DECIMAL division keeps 34 significant digits, and at least the dividend's scale.
 * DATE ± integer adds days; DATE - DATE is the number of days between them.
 */
final class Arithmetic {

    private static final MathContext DIVISION = new MathContext(34, RoundingMode.HALF_UP);

    private Arithmetic() {
    }

    static Object apply(BinaryOp op, Object a, Object b) throws SqlException {
        SqlType.Kind ka = Values.kindOf(a);
        SqlType.Kind kb = Values.kindOf(b);
        SqlType.Kind kind = Values.promote(ka, kb);
        if (kind == null) {
            return dateArithmetic(op, a, b, ka, kb);
        }
        try {
            switch (kind) {
                case INT:
                    return intOp(op, (Integer) a, (Integer) b);
                case BIGINT:
                    return longOp(op, Values.toLong(a), Values.toLong(b));
                case DECIMAL:
                    return decimalOp(op, Values.toDecimal(a), Values.toDecimal(b));
                default:
                    return doubleOp(op, Values.toDouble(a), Values.toDouble(b));
            }
        } catch (ArithmeticException e) {
            throw outOfRange(kind);
        }
    }

    private static Object intOp(BinaryOp op, int a, int b) throws SqlException {
        switch (op) {
            case ADD: return Math.addExact(a, b);
            case SUB: return Math.subtractExact(a, b);
            case MUL: return Math.multiplyExact(a, b);
            case DIV:
                if (b == 0) {
                    throw divisionByZero();
                }
                if (a == Integer.MIN_VALUE && b == -1) {
                    throw outOfRange(SqlType.Kind.INT);
                }
                return a / b;
            case MOD:
                if (b == 0) {
                    throw divisionByZero();
                }
                return b == -1 ? 0 : a % b;
            default:
                throw new IllegalArgumentException(op.name());
        }
    }

    private static Object longOp(BinaryOp op, long a, long b) throws SqlException {
        switch (op) {
            case ADD: return Math.addExact(a, b);
            case SUB: return Math.subtractExact(a, b);
            case MUL: return Math.multiplyExact(a, b);
            case DIV:
                if (b == 0) {
                    throw divisionByZero();
                }
                if (a == Long.MIN_VALUE && b == -1) {
                    throw outOfRange(SqlType.Kind.BIGINT);
                }
                return a / b;
            case MOD:
                if (b == 0) {
                    throw divisionByZero();
                }
                return b == -1 ? 0L : a % b;
            default:
                throw new IllegalArgumentException(op.name());
        }
    }

    private static Object decimalOp(BinaryOp op, BigDecimal a, BigDecimal b) throws SqlException {
        BigDecimal r;
        switch (op) {
            case ADD: r = a.add(b); break;
            case SUB: r = a.subtract(b); break;
            case MUL: r = a.multiply(b); break;
            case DIV: {
                if (b.signum() == 0) {
                    throw divisionByZero();
                }
                r = a.divide(b, DIVISION).stripTrailingZeros();
                int scale = Math.max(a.scale(), 0);
                if (r.scale() < scale) {
                    r = r.setScale(scale);
                }
                break;
            }
            case MOD:
                if (b.signum() == 0) {
                    throw divisionByZero();
                }
                r = a.remainder(b);
                break;
            default:
                throw new IllegalArgumentException(op.name());
        }
        if (Math.abs((long) r.precision() - r.scale()) > 100_000) {
            throw outOfRange(SqlType.Kind.DECIMAL);
        }
        return r;
    }

    private static Object doubleOp(BinaryOp op, double a, double b) throws SqlException {
        double r;
        switch (op) {
            case ADD: r = a + b; break;
            case SUB: r = a - b; break;
            case MUL: r = a * b; break;
            case DIV:
                if (b == 0) {
                    throw divisionByZero();
                }
                r = a / b;
                break;
            case MOD:
                if (b == 0) {
                    throw divisionByZero();
                }
                r = a % b;
                break;
            default:
                throw new IllegalArgumentException(op.name());
        }
        return checkDouble(r, a, b);
    }

    /** A DOUBLE result may only be infinite or NaN if an operand was. */
    static double checkDouble(double r, double a, double b) throws SqlException {
        if (Double.isInfinite(r) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
            throw outOfRange(SqlType.Kind.DOUBLE);
        }
        return r;
    }

    private static Object dateArithmetic(BinaryOp op, Object a, Object b, SqlType.Kind ka, SqlType.Kind kb)
            throws SqlException {
        boolean integerB = kb == SqlType.Kind.INT || kb == SqlType.Kind.BIGINT;
        boolean integerA = ka == SqlType.Kind.INT || ka == SqlType.Kind.BIGINT;
        try {
            if (ka == SqlType.Kind.DATE && integerB && (op == BinaryOp.ADD || op == BinaryOp.SUB)) {
                long days = Values.toLong(b);
                return checkDate(((LocalDate) a).plusDays(op == BinaryOp.ADD ? days : Math.negateExact(days)));
            }
            if (integerA && kb == SqlType.Kind.DATE && op == BinaryOp.ADD) {
                return checkDate(((LocalDate) b).plusDays(Values.toLong(a)));
            }
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new SqlException("date out of range", SqlException.DATETIME_FIELD_OVERFLOW);
        }
        if (ka == SqlType.Kind.DATE && kb == SqlType.Kind.DATE && op == BinaryOp.SUB) {
            return Math.toIntExact(ChronoUnit.DAYS.between((LocalDate) b, (LocalDate) a));
        }
        throw new SqlException("operator " + op.sql + " is not defined for " + ka + " and " + kb, SqlException.DATATYPE_MISMATCH);
    }

    private static LocalDate checkDate(LocalDate d) throws SqlException {
        if (d.getYear() < -4712 || d.getYear() > 294276) {
            throw new SqlException("date out of range", SqlException.DATETIME_FIELD_OVERFLOW);
        }
        return d;
    }

    static Object negate(Object v) throws SqlException {
        if (v instanceof Integer i) {
            if (i == Integer.MIN_VALUE) {
                throw outOfRange(SqlType.Kind.INT);
            }
            return -i;
        } else if (v instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw outOfRange(SqlType.Kind.BIGINT);
            }
            return -l;
        } else if (v instanceof BigDecimal d) {
            return d.negate();
        } else if (v instanceof Double d) {
            return -d;
        }
        throw new SqlException("operator - is not defined for " + Values.kindOf(v), SqlException.DATATYPE_MISMATCH);
    }

    static SqlException divisionByZero() {
        return new SqlException("division by zero", SqlException.DIVISION_BY_ZERO);
    }

    static SqlException outOfRange(SqlType.Kind kind) {
        return new SqlException(kind + " out of range", SqlException.NUMERIC_OUT_OF_RANGE);
    }
}
