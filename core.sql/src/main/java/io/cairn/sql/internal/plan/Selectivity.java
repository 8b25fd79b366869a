package io.cairn.sql.internal.plan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.Statistics;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;

/**
 * Fractions of a table's rows that satisfy {@code column = v} or a range on the column, from its
 * ANALYZE statistics: the histogram when there is one (a value that ends a step has its exact
 * sampled count; inside a step, the step's rows spread evenly over its distinct values, and a
 * range covering part of a step gets the share its width covers, or half for text), else
 * distinct count and NULL fraction.
 */
final class Selectivity {

    /** The fraction assumed for a range when nothing better is known. */
    static final double DEFAULT_RANGE = 0.1;

    private Selectivity() {
    }

    /** The fraction of {@code rows} rows whose column equals one of {@code values}. */
    static double equal(Statistics.ColumnStats cs, SqlType type, long rows, List<Object> values) {
        double sum = 0;
        for (Object v : values) {
            sum += equal(cs, type, rows, v);
        }
        return Math.min(1, sum);
    }

    /** The fraction of rows equal to a value not known yet (a parameter): the average of one distinct value. */
    static double averageEqual(Statistics.ColumnStats cs) {
        return cs.distinct() > 0 ? (1 - cs.nullFraction()) / cs.distinct() : 0;
    }

    /** The fraction assumed for a range whose bounds are not known yet (parameters). */
    static double defaultRange(Statistics.ColumnStats cs, boolean twoSided) {
        return (1 - cs.nullFraction()) * (twoSided ? DEFAULT_RANGE / 2 : DEFAULT_RANGE * 3);
    }

    static double equal(Statistics.ColumnStats cs, SqlType type, long rows, Object v) {
        double plain = averageEqual(cs);
        if (cs.histogram().isEmpty() || rows <= 0) {
            return plain;
        }
        try {
            for (Statistics.Bucket b : cs.histogram()) {
                int c = Values.compare(v, high(b, type));
                if (c == 0) {
                    return (double) b.eqRows() / rows;
                } else if (c < 0) {
                    if (cs.min() != null && Values.compare(v, Values.cast(cs.min(), type)) < 0) {
                        return 0;
                    }
                    return (double) b.rangeRows() / Math.max(1, b.distinctRange()) / rows;
                }
            }
            return 0; // above the maximum
        } catch (SqlException | RuntimeException e) {
            return plain;
        }
    }

    /** The fraction of rows with {@code low <(=) column <(=) high}; a null bound is open. */
    static double range(Statistics.ColumnStats cs, SqlType type, long rows, Object low, boolean lowInclusive,
            Object high, boolean highInclusive) {
        if (cs.histogram().isEmpty() || rows <= 0) {
            return defaultRange(cs, low != null && high != null);
        }
        try {
            double sum = 0;
            Object lower = cs.min() == null ? null : Values.cast(cs.min(), type);
            for (Statistics.Bucket b : cs.histogram()) {
                Object hi = high(b, type);
                if (inside(hi, low, lowInclusive, high, highInclusive)) {
                    sum += b.eqRows();
                }
                if (b.rangeRows() > 0 && lower != null) {
                    sum += b.rangeRows() * overlap(lower, hi, low, high);
                }
                lower = hi;
            }
            return Math.min(1, sum / rows);
        } catch (SqlException | RuntimeException e) {
            return DEFAULT_RANGE;
        }
    }

    private static Object high(Statistics.Bucket b, SqlType type) throws SqlException {
        return Values.cast(b.high(), type);
    }

    private static boolean inside(Object v, Object low, boolean lowInc, Object high, boolean highInc) throws SqlException {
        if (low != null) {
            int c = Values.compare(v, low);
            if (c < 0 || c == 0 && !lowInc) {
                return false;
            }
        }
        if (high != null) {
            int c = Values.compare(v, high);
            return c < 0 || c == 0 && highInc;
        }
        return true;
    }

    /** The share of the open interval (from, to) that [low, high] covers. */
    private static double overlap(Object from, Object to, Object low, Object high) throws SqlException {
        if (low != null && Values.compare(low, to) >= 0 || high != null && Values.compare(high, from) <= 0) {
            return 0;
        }
        boolean lowIn = low != null && Values.compare(low, from) > 0;
        boolean highIn = high != null && Values.compare(high, to) < 0;
        if (!lowIn && !highIn) {
            return 1;
        }
        double f = number(from);
        double t = number(to);
        if (Double.isNaN(f) || Double.isNaN(t) || t <= f) {
            return lowIn && highIn ? 0.25 : 0.5;
        }
        double l = lowIn ? number(low) : f;
        double h = highIn ? number(high) : t;
        if (Double.isNaN(l) || Double.isNaN(h)) {
            return 0.5;
        }
        return Math.max(0, Math.min(1, (h - l) / (t - f)));
    }

    /** A number with the value's order, for interpolating inside a step; NaN for text and other types. */
    private static double number(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Double) {
            return ((Number) v).doubleValue();
        } else if (v instanceof BigDecimal d) {
            return d.doubleValue();
        } else if (v instanceof LocalDate d) {
            return d.toEpochDay();
        } else if (v instanceof LocalDateTime t) {
            return t.toEpochSecond(ZoneOffset.UTC);
        }
        return Double.NaN;
    }
}
