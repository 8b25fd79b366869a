package io.cairn.sql.internal.expr;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in scalar functions. Each is strict (a NULL argument gives NULL) unless noted;
 * COALESCE, NULLIF, CONCAT and the CURRENT_* functions are compiled specially by
 * {@link ExpressionCompiler}. Strings are measured and indexed in Unicode code points, 1-based.
 */
final class Functions {

    /**
     * A strict scalar function of up to three non-null arguments; absent trailing arguments are
     * null. Separate parameters rather than an array keep evaluation free of allocation.
     */
    interface Body {
        Object apply(Object a0, Object a1, Object a2) throws SqlException;
    }

    /** A function's arity range, its result type for given argument types, and its body. */
    record Definition(String name, int minArgs, int maxArgs, java.util.function.Function<SqlType[], SqlType> type,
            Body body) {
    }

    private static final Map<String, Definition> BY_NAME = new HashMap<>();

    static {
        define("upper", 1, 1, t -> SqlType.TEXT, (a0, a1, a2) -> string(a0, "upper").toUpperCase(Locale.ROOT));
        define("lower", 1, 1, t -> SqlType.TEXT, (a0, a1, a2) -> string(a0, "lower").toLowerCase(Locale.ROOT));
        Body length = (a0, a1, a2) -> a0 instanceof byte[] b ? b.length
                : string(a0, "length").codePointCount(0, ((String) a0).length());
        define("length", 1, 1, t -> SqlType.INT, length);
        define("char_length", 1, 1, t -> SqlType.INT, length);
        define("character_length", 1, 1, t -> SqlType.INT, length);
        Body substring = Functions::substring;
        define("substring", 2, 3, t -> SqlType.TEXT, substring);
        define("substr", 2, 3, t -> SqlType.TEXT, substring);
        define("trim", 1, 2, t -> SqlType.TEXT, (a0, a1, a2) -> trim(a0, a1, true, true));
        define("btrim", 1, 2, t -> SqlType.TEXT, (a0, a1, a2) -> trim(a0, a1, true, true));
        define("ltrim", 1, 2, t -> SqlType.TEXT, (a0, a1, a2) -> trim(a0, a1, true, false));
        define("rtrim", 1, 2, t -> SqlType.TEXT, (a0, a1, a2) -> trim(a0, a1, false, true));
        define("position", 2, 2, t -> SqlType.INT, (a0, a1, a2) -> {
            String needle = string(a0, "position");
            String haystack = string(a1, "position");
            int at = haystack.indexOf(needle);
            return at < 0 ? 0 : haystack.codePointCount(0, at) + 1;
        });
        define("replace", 3, 3, t -> SqlType.TEXT, (a0, a1, a2) -> {
            String s = string(a0, "replace");
            String from = string(a1, "replace");
            return from.isEmpty() ? s : s.replace(from, string(a2, "replace"));
        });
        define("abs", 1, 1, t -> t[0], (a0, a1, a2) -> {
            Object v = numeric(a0, "abs");
            if (v instanceof Integer i) {
                return i < 0 ? Arithmetic.negate(i) : i;
            } else if (v instanceof Long l) {
                return l < 0 ? Arithmetic.negate(l) : l;
            } else if (v instanceof BigDecimal d) {
                return d.abs();
            }
            return Math.abs((Double) v);
        });
        define("round", 1, 2, t -> t[0], Functions::round);
        define("floor", 1, 1, t -> t[0], (a0, a1, a2) -> floorCeil(a0, true));
        define("ceil", 1, 1, t -> t[0], (a0, a1, a2) -> floorCeil(a0, false));
        define("ceiling", 1, 1, t -> t[0], (a0, a1, a2) -> floorCeil(a0, false));
        define("mod", 2, 2, t -> t[0], (a0, a1, a2) -> Arithmetic.apply(io.cairn.sql.internal.parser.Expr.BinaryOp.MOD,
                numeric(a0, "mod"), numeric(a1, "mod")));
        Body power = (a0, a1, a2) -> {
            double x = Values.toDouble(numeric(a0, "power"));
            double y = Values.toDouble(numeric(a1, "power"));
            if (x == 0 && y < 0) {
                throw new SqlException("zero raised to a negative power is undefined", SqlException.INVALID_POWER_ARGUMENT);
            }
            if (x < 0 && y != Math.rint(y)) {
                throw new SqlException("a negative number raised to a non-integer power yields a complex result", SqlException.INVALID_POWER_ARGUMENT);
            }
            return Arithmetic.checkDouble(Math.pow(x, y), x, y);
        };
        define("power", 2, 2, t -> SqlType.DOUBLE, power);
        define("pow", 2, 2, t -> SqlType.DOUBLE, power);
        define("sqrt", 1, 1, t -> SqlType.DOUBLE, (a0, a1, a2) -> {
            double x = Values.toDouble(numeric(a0, "sqrt"));
            if (x < 0) {
                throw new SqlException("cannot take the square root of a negative number", SqlException.INVALID_POWER_ARGUMENT);
            }
            return Math.sqrt(x);
        });
    }

    private Functions() {
    }

    private static void define(String name, int min, int max, java.util.function.Function<SqlType[], SqlType> type, Body body) {
        if (max > 3) {
            throw new IllegalStateException(name + ": a Body takes at most three arguments");
        }
        BY_NAME.put(name, new Definition(name, min, max, type, body));
    }

    static Definition lookup(String name) {
        return BY_NAME.get(name);
    }

    static String string(Object v, String function) throws SqlException {
        if (v instanceof String s) {
            return s;
        }
        throw new SqlException("function " + function + " expects a string, not " + Values.kindOf(v), SqlException.DATATYPE_MISMATCH);
    }

    static Object numeric(Object v, String function) throws SqlException {
        if (v instanceof Number) {
            return v;
        }
        throw new SqlException("function " + function + " expects a number, not " + Values.kindOf(v), SqlException.DATATYPE_MISMATCH);
    }

    static long integer(Object v, String function) throws SqlException {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                // fall through
            }
        }
        throw new SqlException("function " + function + " expects an integer, not " + Values.toText(v), SqlException.DATATYPE_MISMATCH);
    }

    private static Object substring(Object a0, Object a1, Object a2) throws SqlException {
        String s = string(a0, "substring");
        long start = integer(a1, "substring");
        int n = s.codePointCount(0, s.length());
        long end;
        if (a2 != null) {
            long count = integer(a2, "substring");
            if (count < 0) {
                throw new SqlException("negative substring length not allowed", SqlException.SUBSTRING_ERROR);
            }
            end = start + count > start ? start + count : Long.MAX_VALUE;
        } else {
            end = Long.MAX_VALUE;
        }
        long from = Math.max(start, 1);
        long to = Math.min(end, n + 1L);
        if (from >= to) {
            return "";
        }
        int begin = s.offsetByCodePoints(0, (int) from - 1);
        int stop = s.offsetByCodePoints(begin, (int) (to - from));
        return s.substring(begin, stop);
    }

    private static Object trim(Object a0, Object a1, boolean leading, boolean trailing) throws SqlException {
        String s = string(a0, "trim");
        String chars = a1 != null ? string(a1, "trim") : " ";
        int begin = 0;
        int end = s.length();
        while (leading && begin < end && chars.indexOf(s.codePointAt(begin)) >= 0) {
            begin += Character.charCount(s.codePointAt(begin));
        }
        while (trailing && end > begin && chars.indexOf(s.codePointBefore(end)) >= 0) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(begin, end);
    }

    /** Rounds half away from zero; a negative number of places rounds left of the point. */
    private static Object round(Object a0, Object a1, Object a2) throws SqlException {
        Object v = numeric(a0, "round");
        long places = a1 != null ? integer(a1, "round") : 0;
        if (places > 1000 || places < -1000) {
            throw new SqlException("round: too many places " + places, SqlException.NUMERIC_OUT_OF_RANGE);
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d;
            }
            return BigDecimal.valueOf(d).setScale((int) places, RoundingMode.HALF_UP).doubleValue();
        }
        BigDecimal d = Values.toDecimal(v).setScale((int) places, RoundingMode.HALF_UP);
        if (v instanceof BigDecimal) {
            return places < 0 ? d.setScale(0) : d;
        }
        return Values.cast(d, v instanceof Integer ? SqlType.INT : SqlType.BIGINT);
    }

    private static Object floorCeil(Object v, boolean floor) throws SqlException {
        numeric(v, floor ? "floor" : "ceil");
        if (v instanceof BigDecimal d) {
            return d.setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING);
        } else if (v instanceof Double d) {
            return floor ? Math.floor(d) : Math.ceil(d);
        }
        return v;
    }

    /** EXTRACT(field FROM value) for a DATE or TIMESTAMP; null if the field is unknown. */
    static SqlType extractType(String field) {
        switch (field) {
            case "year": case "month": case "day": case "hour": case "minute": case "second": case "dow":
            case "isodow": case "doy": case "quarter": case "week": case "millisecond": case "microsecond":
                return SqlType.INT;
            case "epoch":
                return SqlType.BIGINT;
            default:
                return null;
        }
    }

    static Object extract(String field, Object v) throws SqlException {
        LocalDateTime t;
        if (v instanceof LocalDateTime x) {
            t = x;
        } else if (v instanceof LocalDate d) {
            t = d.atStartOfDay();
        } else if (v instanceof String s) {
            t = Values.parseTimestamp(s);
        } else {
            throw new SqlException("EXTRACT expects a DATE or TIMESTAMP, not " + Values.kindOf(v), SqlException.DATATYPE_MISMATCH);
        }
        switch (field) {
            case "year": return t.getYear();
            case "month": return t.getMonthValue();
            case "day": return t.getDayOfMonth();
            case "hour": return t.getHour();
            case "minute": return t.getMinute();
            case "second": return t.getSecond();
            case "millisecond": return t.getSecond() * 1000 + t.getNano() / 1_000_000;
            case "microsecond": return t.getSecond() * 1_000_000 + t.getNano() / 1000;
            case "dow": return t.getDayOfWeek().getValue() % 7;
            case "isodow": return t.getDayOfWeek().getValue();
            case "doy": return t.getDayOfYear();
            case "quarter": return (t.getMonthValue() - 1) / 3 + 1;
            case "week": return t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "epoch": return t.toEpochSecond(ZoneOffset.UTC);
            default: throw new SqlException("unknown EXTRACT field " + field, SqlException.INVALID_PARAMETER_VALUE);
        }
    }

}
