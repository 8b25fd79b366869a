package io.cairn.sql.internal.type;

import io.cairn.sql.SqlException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules for SQL runtime values (see {@link SqlType} for the Java class of each type): the type
 * of a value, implicit numeric promotion (INT → BIGINT → DECIMAL → DOUBLE), comparison, CAST and
 * assignment to a column type, and the text form of a value.
 *
 * <p>Choices, where SQL engines differ: CAST to VARCHAR(n) of a longer string fails with 22001
 * (as H2 and Oracle do; PostgreSQL truncates); VARCHAR ↔ BLOB casts use hexadecimal text; a
 * string compared with a DATE or TIMESTAMP is read as one; a string is never silently compared
 * with a number (42804).
 */
public final class Values {

    private static final Pattern DATE = Pattern.compile("\\s*([+-]?\\d{4,})-(\\d{1,2})-(\\d{1,2})\\s*");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\s*([+-]?\\d{4,})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?\\s*");
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?\\d+\\s*");
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    /** The kind of a runtime value; NULL for null. */
    public static SqlType.Kind kindOf(Object value) {
        if (value == null) {
            return SqlType.Kind.NULL;
        } else if (value instanceof Integer) {
            return SqlType.Kind.INT;
        } else if (value instanceof Long) {
            return SqlType.Kind.BIGINT;
        } else if (value instanceof BigDecimal) {
            return SqlType.Kind.DECIMAL;
        } else if (value instanceof Double) {
            return SqlType.Kind.DOUBLE;
        } else if (value instanceof String) {
            return SqlType.Kind.VARCHAR;
        } else if (value instanceof Boolean) {
            return SqlType.Kind.BOOLEAN;
        } else if (value instanceof LocalDate) {
            return SqlType.Kind.DATE;
        } else if (value instanceof LocalDateTime) {
            return SqlType.Kind.TIMESTAMP;
        } else if (value instanceof byte[]) {
            return SqlType.Kind.BLOB;
        }
        throw new IllegalArgumentException("not a SQL value: " + value.getClass().getName());
    }

    /** The type of a runtime value, without length or precision. */
    public static SqlType typeOf(Object value) {
        switch (kindOf(value)) {
            case NULL: return SqlType.NULL;
            case BOOLEAN: return SqlType.BOOLEAN;
            case INT: return SqlType.INT;
            case BIGINT: return SqlType.BIGINT;
            case DECIMAL: return SqlType.DECIMAL;
            case DOUBLE: return SqlType.DOUBLE;
            case VARCHAR: return SqlType.TEXT;
            case DATE: return SqlType.DATE;
            case TIMESTAMP: return SqlType.TIMESTAMP;
            default: return SqlType.BLOB;
        }
    }

    /**
     * The numeric kind two operands are promoted to (the later of the two in INT, BIGINT, DECIMAL,
     * DOUBLE), or null if either is not numeric.
     */
    public static SqlType.Kind promote(SqlType.Kind a, SqlType.Kind b) {
        if (!a.isNumeric() || !b.isNumeric()) {
            return null;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    public static long toLong(Object n) {
        return ((Number) n).longValue();
    }

    public static BigDecimal toDecimal(Object n) throws SqlException {
        if (n instanceof BigDecimal d) {
            return d;
        } else if (n instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new SqlException("cannot convert " + d + " to DECIMAL", SqlException.NUMERIC_OUT_OF_RANGE);
            }
            return BigDecimal.valueOf(d);
        }
        return BigDecimal.valueOf(((Number) n).longValue());
    }

    public static double toDouble(Object n) {
        return ((Number) n).doubleValue();
    }

    /**
     * Compares two non-null values, promoting numbers and reading a string compared with a DATE or
     * TIMESTAMP as one. NULL handling (three-valued logic) is the caller's: both must be non-null.
     *
     * @throws SqlException 42804 if the values cannot be compared
     */
    public static int compare(Object a, Object b) throws SqlException {
        SqlType.Kind ka = kindOf(a);
        SqlType.Kind kb = kindOf(b);
        if (ka == kb) {
            return compareSameKind(ka, a, b);
        }
        SqlType.Kind numeric = promote(ka, kb);
        if (numeric != null) {
            switch (numeric) {
                case BIGINT: return Long.compare(toLong(a), toLong(b));
                case DECIMAL: return toDecimal(a).compareTo(toDecimal(b));
                default: return compareDoubles(toDouble(a), toDouble(b));
            }
        }
        if (ka == SqlType.Kind.VARCHAR && (kb == SqlType.Kind.DATE || kb == SqlType.Kind.TIMESTAMP)) {
            return compare(cast(a, kb == SqlType.Kind.DATE ? SqlType.DATE : SqlType.TIMESTAMP), b);
        }
        if (kb == SqlType.Kind.VARCHAR && (ka == SqlType.Kind.DATE || ka == SqlType.Kind.TIMESTAMP)) {
            return compare(a, cast(b, ka == SqlType.Kind.DATE ? SqlType.DATE : SqlType.TIMESTAMP));
        }
        if (ka == SqlType.Kind.DATE && kb == SqlType.Kind.TIMESTAMP) {
            return ((LocalDate) a).atStartOfDay().compareTo((LocalDateTime) b);
        }
        if (ka == SqlType.Kind.TIMESTAMP && kb == SqlType.Kind.DATE) {
            return ((LocalDateTime) a).compareTo(((LocalDate) b).atStartOfDay());
        }
        throw new SqlException("cannot compare " + ka + " with " + kb, SqlException.DATATYPE_MISMATCH);
    }

    private static int compareSameKind(SqlType.Kind kind, Object a, Object b) {
        switch (kind) {
            case BOOLEAN: return Boolean.compare((Boolean) a, (Boolean) b);
            case INT: return Integer.compare((Integer) a, (Integer) b);
            case BIGINT: return Long.compare((Long) a, (Long) b);
            case DECIMAL: return ((BigDecimal) a).compareTo((BigDecimal) b);
            case DOUBLE: return compareDoubles((Double) a, (Double) b);
            case VARCHAR: return compareStrings((String) a, (String) b);
            case DATE: return ((LocalDate) a).compareTo((LocalDate) b);
            case TIMESTAMP: return ((LocalDateTime) a).compareTo((LocalDateTime) b);
            case BLOB: return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            default: throw new AssertionError(kind);
        }
    }

    /** -0.0 equals 0.0; NaN equals itself and sorts above every other number (as in PostgreSQL). */
    public static int compareDoubles(double a, double b) {
        return a == b ? 0 : Double.compare(a, b);
    }

    /** Strings order by Unicode code point, the same order as their keys. */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (code points above U+FFFF) sort after every BMP character.
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /**
     * A key for hashing a value in GROUP BY, DISTINCT, UNION and hash joins: values that are SQL
     * equal get keys that are {@code equals} with equal hash codes. Numbers become Long when
     * integral and in range, otherwise a BigDecimal without trailing zeros (doubles included,
     * -0.0 as 0); NaN stays a Double; a DATE becomes its midnight TIMESTAMP; a BLOB is wrapped
     * in a ByteBuffer. NULL stays null (GROUP BY puts all NULLs in one group). A string stays a
     * string: unlike {@link #compare}, it is not read as a DATE, so keys of one column must share a type.
     */
    public static Object groupKey(Object value) {
        if (value instanceof Number n) {
            BigDecimal d;
            if (n instanceof Integer || n instanceof Long) {
                return n.longValue();
            } else if (n instanceof Double x) {
                if (x.isNaN() || x.isInfinite()) {
                    return x;
                }
                d = BigDecimal.valueOf(x);
            } else {
                d = (BigDecimal) n;
            }
            if (d.signum() == 0) {
                return 0L;
            }
            d = d.stripTrailingZeros();
            if (d.scale() <= 0 && d.precision() - d.scale() <= 18) {
                return d.longValueExact();
            }
            return d;
        } else if (value instanceof LocalDate d) {
            return d.atStartOfDay();
        } else if (value instanceof byte[] b) {
            return java.nio.ByteBuffer.wrap(b);
        }
        return value;
    }

    /** SQL equality of two non-null values (1 = 1.0 is true). */
    public static boolean equal(Object a, Object b) throws SqlException {
        return compare(a, b) == 0;
    }

    /**
     * Converts a value to a type as CAST does. NULL stays NULL.
     *
     * @throws SqlException 22P02 text that is not a value of the type, 22003 a number out of the
     *     type's range, 22001 a string longer than VARCHAR(n), 22007/22008 a bad date or time,
     *     42804 a cast between types that do not convert
     */
    public static Object cast(Object value, SqlType target) throws SqlException {
        if (value == null) {
            return null;
        }
        SqlType.Kind from = kindOf(value);
        switch (target.kind()) {
            case NULL:
                return value;
            case BOOLEAN:
                return castToBoolean(value, from);
            case INT: {
                long v = castToLong(value, from, "INT");
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw outOfRange("INT", value);
                }
                return (int) v;
            }
            case BIGINT:
                return castToLong(value, from, "BIGINT");
            case DECIMAL:
                return fitDecimal(castToDecimal(value, from), target);
            case DOUBLE:
                return castToDouble(value, from);
            case VARCHAR:
                return checkLength(toText(value), target);
            case DATE:
                if (from == SqlType.Kind.DATE) {
                    return value;
                } else if (from == SqlType.Kind.TIMESTAMP) {
                    return ((LocalDateTime) value).toLocalDate();
                } else if (from == SqlType.Kind.VARCHAR) {
                    return parseDate((String) value);
                }
                break;
            case TIMESTAMP:
                if (from == SqlType.Kind.TIMESTAMP) {
                    return value;
                } else if (from == SqlType.Kind.DATE) {
                    return ((LocalDate) value).atStartOfDay();
                } else if (from == SqlType.Kind.VARCHAR) {
                    return parseTimestamp((String) value);
                }
                break;
            case BLOB:
                if (from == SqlType.Kind.BLOB) {
                    return value;
                } else if (from == SqlType.Kind.VARCHAR) {
                    try {
                        return HexFormat.of().parseHex(((String) value).trim());
                    } catch (IllegalArgumentException e) {
                        throw new SqlException("invalid hexadecimal text for BLOB: " + quote((String) value), SqlException.INVALID_TEXT_REPRESENTATION);
                    }
                }
                break;
            default:
                break;
        }
        throw new SqlException("cannot cast " + from + " to " + target.toSql(), SqlException.DATATYPE_MISMATCH);
    }

    /**
     * Converts a value for storing in a column of the given type (INSERT, UPDATE, DEFAULT): the
     * same conversions as CAST, except that BOOLEAN and numbers do not convert into each other.
     */
    public static Object assign(Object value, SqlType column) throws SqlException {
        if (value == null) {
            return null;
        }
        SqlType.Kind from = kindOf(value);
        if ((from == SqlType.Kind.BOOLEAN && column.kind().isNumeric())
                || (from.isNumeric() && column.kind() == SqlType.Kind.BOOLEAN)) {
            throw new SqlException("cannot store a " + from + " value in a " + column.toSql() + " column", SqlException.DATATYPE_MISMATCH);
        }
        return cast(value, column);
    }

    private static Boolean castToBoolean(Object value, SqlType.Kind from) throws SqlException {
        switch (from) {
            case BOOLEAN:
                return (Boolean) value;
            case INT:
            case BIGINT:
                return toLong(value) != 0;
            case VARCHAR:
                switch (((String) value).trim().toLowerCase(Locale.ROOT)) {
                    case "true": case "t": case "yes": case "y": case "on": case "1":
                        return Boolean.TRUE;
                    case "false": case "f": case "no": case "n": case "off": case "0":
                        return Boolean.FALSE;
                    default:
                        throw invalidText("BOOLEAN", (String) value);
                }
            default:
                throw new SqlException("cannot cast " + from + " to BOOLEAN", SqlException.DATATYPE_MISMATCH);
        }
    }

    private static long castToLong(Object value, SqlType.Kind from, String type) throws SqlException {
        switch (from) {
            case INT:
            case BIGINT:
                return toLong(value);
            case BOOLEAN:
                return (Boolean) value ? 1 : 0;
            case DECIMAL: {
                BigDecimal d = ((BigDecimal) value).setScale(0, RoundingMode.HALF_UP);
                if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
                    throw outOfRange(type, value);
                }
                return d.longValueExact();
            }
            case DOUBLE: {
                double d = Math.rint((Double) value);
                if (Double.isNaN(d) || d < -0x1p63 || d >= 0x1p63) {
                    throw outOfRange(type, value);
                }
                return (long) d;
            }
            case VARCHAR: {
                String s = (String) value;
                if (!INTEGER.matcher(s).matches()) {
                    throw invalidText(type, s);
                }
                try {
                    return Long.parseLong(s.trim());
                } catch (NumberFormatException e) {
                    throw outOfRange(type, s);
                }
            }
            default:
                throw new SqlException("cannot cast " + from + " to " + type, SqlException.DATATYPE_MISMATCH);
        }
    }

    private static BigDecimal castToDecimal(Object value, SqlType.Kind from) throws SqlException {
        switch (from) {
            case INT:
            case BIGINT:
            case DECIMAL:
            case DOUBLE:
                return toDecimal(value);
            case BOOLEAN:
                return (Boolean) value ? BigDecimal.ONE : BigDecimal.ZERO;
            case VARCHAR: {
                String s = ((String) value).trim();
                try {
                    BigDecimal d = new BigDecimal(s);
                    if (Math.abs((long) d.scale()) > SqlType.MAX_DECIMAL_PRECISION * 2L) {
                        throw outOfRange("DECIMAL", value);
                    }
                    return d;
                } catch (NumberFormatException e) {
                    throw invalidText("DECIMAL", (String) value);
                }
            }
            default:
                throw new SqlException("cannot cast " + from + " to DECIMAL", SqlException.DATATYPE_MISMATCH);
        }
    }

    /** Rounds a decimal to the scale of a DECIMAL(p, s) type (HALF_UP) and checks its precision. */
    public static BigDecimal fitDecimal(BigDecimal d, SqlType type) throws SqlException {
        if (!type.hasPrecision()) {
            return d;
        }
        BigDecimal r = d.setScale(type.scale(), RoundingMode.HALF_UP);
        if (r.precision() - r.scale() > type.precision() - type.scale() && r.signum() != 0) {
            throw new SqlException("numeric value " + d.toPlainString() + " out of range for " + type.toSql(), SqlException.NUMERIC_OUT_OF_RANGE);
        }
        return r;
    }

    private static Double castToDouble(Object value, SqlType.Kind from) throws SqlException {
        switch (from) {
            case INT:
            case BIGINT:
            case DECIMAL:
            case DOUBLE: {
                double d = toDouble(value);
                if (Double.isInfinite(d) && from == SqlType.Kind.DECIMAL) {
                    throw outOfRange("DOUBLE", value);
                }
                return d;
            }
            case BOOLEAN:
                return (Boolean) value ? 1.0 : 0.0;
            case VARCHAR: {
                String s = ((String) value).trim();
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "nan": return Double.NaN;
                    case "infinity": case "+infinity": case "inf": return Double.POSITIVE_INFINITY;
                    case "-infinity": case "-inf": return Double.NEGATIVE_INFINITY;
                    default: break;
                }
                // BigDecimal's grammar, not Double's: no hex floats, no "1f" suffixes.
                try {
                    double d = new BigDecimal(s).doubleValue();
                    if (Double.isInfinite(d)) {
                        throw outOfRange("DOUBLE", value);
                    }
                    return d;
                } catch (NumberFormatException e) {
                    throw invalidText("DOUBLE", (String) value);
                }
            }
            default:
                throw new SqlException("cannot cast " + from + " to DOUBLE", SqlException.DATATYPE_MISMATCH);
        }
    }

    /** Checks a string against VARCHAR(n). */
    public static String checkLength(String s, SqlType type) throws SqlException {
        if (type.hasLength() && s.length() > type.length() && s.codePointCount(0, s.length()) > type.length()) {
            throw new SqlException("value too long for " + type.toSql() + ": " + s.codePointCount(0, s.length()) + " characters", SqlException.STRING_TOO_LONG);
        }
        return s;
    }

    /** Reads {@code yyyy-mm-dd}. */
    public static LocalDate parseDate(String s) throws SqlException {
        Matcher m = DATE.matcher(s);
        if (!m.matches()) {
            Matcher t = TIMESTAMP.matcher(s);
            if (t.matches()) {
                return parseTimestamp(s).toLocalDate();
            }
            throw new SqlException("invalid DATE: " + quote(s), SqlException.INVALID_DATETIME_FORMAT);
        }
        return date(m.group(1), m.group(2), m.group(3), s);
    }

    /** Reads {@code yyyy-mm-dd[ hh:mm[:ss[.fffffffff]]]} (a T may separate date and time). */
    public static LocalDateTime parseTimestamp(String s) throws SqlException {
        Matcher m = TIMESTAMP.matcher(s);
        if (!m.matches()) {
            throw new SqlException("invalid TIMESTAMP: " + quote(s), SqlException.INVALID_DATETIME_FORMAT);
        }
        LocalDate date = date(m.group(1), m.group(2), m.group(3), s);
        if (m.group(4) == null) {
            return date.atStartOfDay();
        }
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        int nanos = 0;
        if (m.group(7) != null) {
            String f = (m.group(7) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(f);
        }
        try {
            return LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos));
        } catch (DateTimeException e) {
            throw new SqlException("time field out of range: " + quote(s), SqlException.DATETIME_FIELD_OVERFLOW);
        }
    }

    private static LocalDate date(String year, String month, String day, String text) throws SqlException {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException | NumberFormatException e) {
            throw new SqlException("date field out of range: " + quote(text), SqlException.DATETIME_FIELD_OVERFLOW);
        }
    }

    /** The text form of a value, as CAST(x AS TEXT) gives it; "NULL" for null. */
    public static String toText(Object value) {
        if (value == null) {
            return "NULL";
        } else if (value instanceof String s) {
            return s;
        } else if (value instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (value instanceof Double d) {
            return formatDouble(d);
        } else if (value instanceof LocalDateTime t) {
            return formatTimestamp(t);
        } else if (value instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        return value.toString();
    }

    /** Integral doubles without ".0" below 1e15, otherwise Java's shortest round-trip form. */
    public static String formatDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d == 0 && 1 / d < 0 ? "-0" : Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** {@code yyyy-mm-dd hh:mm:ss[.f...]} with trailing zeros of the fraction dropped. */
    public static String formatTimestamp(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(29);
        sb.append(t.toLocalDate()).append(' ');
        pad2(sb, t.getHour()).append(':');
        pad2(sb, t.getMinute()).append(':');
        pad2(sb, t.getSecond());
        int nanos = t.getNano();
        if (nanos != 0) {
            String f = Integer.toString(nanos + 1_000_000_000).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.toString();
    }

    private static StringBuilder pad2(StringBuilder sb, int v) {
        return sb.append(v < 10 ? "0" : "").append(v);
    }

    static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "'" + shown.replace("'", "''") + "'";
    }

    private static SqlException invalidText(String type, String s) {
        return new SqlException("invalid input for " + type + ": " + quote(s), SqlException.INVALID_TEXT_REPRESENTATION);
    }

    private static SqlException outOfRange(String type, Object value) {
        String shown = value instanceof String s ? quote(s) : toText(value);
        return new SqlException("value " + shown + " out of range for " + type, SqlException.NUMERIC_OUT_OF_RANGE);
    }
}
