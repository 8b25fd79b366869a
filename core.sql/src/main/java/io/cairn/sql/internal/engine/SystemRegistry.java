package io.cairn.sql.internal.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.sql.SqlException;
import io.cairn.sql.SqlProcedure;
import io.cairn.sql.SqlTableFunction;
import io.cairn.sql.SystemView;
import io.cairn.sql.internal.type.SqlType;

/**
 * The system views and procedures an engine knows, by lower-case name. Thread-safe: plugins
 * add and remove entries while statements run; a statement sees an entry or not, never half.
 */
public final class SystemRegistry {

    private final Map<String, SystemView> views = new ConcurrentHashMap<>();
    private final Map<String, SqlProcedure> procedures = new ConcurrentHashMap<>();
    private final Map<String, SqlTableFunction> tableFunctions = new ConcurrentHashMap<>();

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Adds a view; false (and no change) if one with the same name is registered. */
    public boolean addView(SystemView view) {
        return views.putIfAbsent(key(view.name()), view) == null;
    }

    /** Removes this view (not another one registered under its name since). */
    public boolean removeView(SystemView view) {
        return views.remove(key(view.name()), view);
    }

    public SystemView view(String name) {
        return views.get(key(name));
    }

    public List<String> viewNames() {
        return views.keySet().stream().sorted().toList();
    }

    /** Adds a procedure; false (and no change) if one with the same name is registered. */
    public boolean addProcedure(SqlProcedure procedure) {
        return procedures.putIfAbsent(key(procedure.name()), procedure) == null;
    }

    public boolean removeProcedure(SqlProcedure procedure) {
        return procedures.remove(key(procedure.name()), procedure);
    }

    public SqlProcedure procedure(String name) {
        return procedures.get(key(name));
    }

    /** The registered procedures, by name (for DatabaseMetaData.getProcedures). */
    public List<SqlProcedure> procedures() {
        return procedures.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
    }

    /** Adds a table function; false (and no change) if one with the same name is registered. */
    public boolean addTableFunction(SqlTableFunction function) {
        return tableFunctions.putIfAbsent(key(function.name()), function) == null;
    }

    public boolean removeTableFunction(SqlTableFunction function) {
        return tableFunctions.remove(key(function.name()), function);
    }

    public SqlTableFunction tableFunction(String name) {
        return tableFunctions.get(key(name));
    }

    public static SqlType sqlType(SystemView.ColumnType t) {
        return switch (t) {
            case BOOLEAN -> SqlType.BOOLEAN;
            case INT -> SqlType.INT;
            case BIGINT -> SqlType.BIGINT;
            case DOUBLE -> SqlType.DOUBLE;
            case DECIMAL -> SqlType.DECIMAL;
            case VARCHAR -> SqlType.TEXT;
            case TIMESTAMP -> SqlType.TIMESTAMP;
            case DATE -> SqlType.DATE;
            case BLOB -> SqlType.BLOB;
        };
    }

    /**
     * Converts a plugin value to the engine's value of a column type: numbers widen or narrow
     * (failing on overflow), other values must already be of the type's Java class.
     */
    public static Object convert(Object v, SystemView.ColumnType t, String what) throws SqlException {
        if (v == null) {
            return null;
        }
        switch (t) {
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                break;
            case INT:
                if (v instanceof Integer) {
                    return v;
                }
                if (v instanceof Number n && isIntegral(n)) {
                    long l = n.longValue();
                    if (l != (int) l) {
                        throw new SqlException(what + ": " + l + " is out of range for INT", SqlException.NUMERIC_OUT_OF_RANGE);
                    }
                    return (int) l;
                }
                break;
            case BIGINT:
                if (v instanceof Long) {
                    return v;
                }
                if (v instanceof Number n && isIntegral(n)) {
                    return n.longValue();
                }
                break;
            case DOUBLE:
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                break;
            case DECIMAL:
                if (v instanceof BigDecimal) {
                    return v;
                }
                if (v instanceof Number n && isIntegral(n)) {
                    return BigDecimal.valueOf(n.longValue());
                }
                if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
                    return BigDecimal.valueOf(d);
                }
                break;
            case VARCHAR:
                if (v instanceof String) {
                    return v;
                }
                break;
            case TIMESTAMP:
                if (v instanceof LocalDateTime) {
                    return v;
                }
                if (v instanceof LocalDate d) {
                    return d.atStartOfDay();
                }
                break;
            case DATE:
                if (v instanceof LocalDate) {
                    return v;
                }
                break;
            case BLOB:
                if (v instanceof byte[]) {
                    return v;
                }
                break;
        }
        throw new SqlException(what + ": a " + v.getClass().getSimpleName() + " is not a " + t, SqlException.DATATYPE_MISMATCH);
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }
}
