package io.cairn.sql.internal.engine;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.sql.SqlException;
import io.cairn.sql.SqlFunction;
import io.cairn.sql.SystemView.Column;
import io.cairn.sql.SystemView.ColumnType;

/** Scalar functions the SQL test files can call, as a plugin would register them (functions.test). */
final class TestFunctions {

    private TestFunctions() {
    }

    private record Fn(String name, List<Column> parameters, ColumnType returnType, boolean deterministic, Body body)
            implements SqlFunction {
        @Override
        public Object invoke(Object[] args) throws SqlException {
            return body.apply(args);
        }
    }

    private interface Body {
        Object apply(Object[] args) throws SqlException;
    }

    static List<SqlFunction> all() {
        AtomicLong calls = new AtomicLong();
        return List.of(
                new Fn("test.twice", List.of(new Column("x", ColumnType.BIGINT)), ColumnType.BIGINT, true,
                        a -> a[0] == null ? null : 2 * (Long) a[0]),
                new Fn("test.greet", List.of(new Column("name", ColumnType.VARCHAR), new Column("n", ColumnType.INT)),
                        ColumnType.VARCHAR, true, a -> a[0] == null ? null : "hi " + a[0] + "!".repeat((Integer) a[1])),
                new Fn("test.day_after", List.of(new Column("d", ColumnType.DATE)), ColumnType.DATE, true,
                        a -> a[0] == null ? null : ((LocalDate) a[0]).plusDays(1)),
                new Fn("test.calls", List.of(), ColumnType.BIGINT, false, a -> calls.incrementAndGet()),
                new Fn("test.explode", List.of(new Column("message", ColumnType.VARCHAR)), ColumnType.INT, true, a -> {
                    throw new IllegalStateException(String.valueOf(a[0]));
                }),
                new Fn("test.positive", List.of(new Column("x", ColumnType.INT)), ColumnType.INT, true, a -> {
                    if (a[0] != null && (Integer) a[0] <= 0) {
                        throw new SqlException("x must be positive, not " + a[0], "22023");
                    }
                    return a[0];
                }),
                new Fn("test.bad_result", List.of(), ColumnType.INT, true, a -> "not a number"));
    }
}
