package io.cairn.sql.admin;

import java.util.List;

/**
 * The result of one statement run by a {@link SqlConsole}.
 *
 * @param statement   the statement's text
 * @param query       true when it returned rows (then {@code columns}/{@code rows} are set)
 * @param columns     column names, empty for a statement that returned no rows
 * @param rows        the returned rows (values are Java objects: Long, Integer, Double,
 *                    BigDecimal, String, Boolean, byte[], LocalDate, LocalDateTime or null)
 * @param rowCount    the number of rows the query produced, including those not returned
 * @param truncated   true when {@code rowCount > rows.size()}
 * @param updateCount rows changed by DML, 0 otherwise
 * @param elapsedMillis wall-clock time of the statement
 */
public record StatementOutcome(String statement, boolean query, List<String> columns, List<List<Object>> rows,
        long rowCount, boolean truncated, long updateCount, long elapsedMillis) {
}
