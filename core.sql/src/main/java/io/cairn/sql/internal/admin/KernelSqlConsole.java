package io.cairn.sql.internal.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cairn.sql.SqlException;
import io.cairn.sql.admin.SqlConsole;
import io.cairn.sql.admin.StatementOutcome;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.parser.SqlPrinter;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.txn.Session;

/** The worksheet: a script of statements in one fresh session, each under a timeout, results cut to a row limit. */
public final class KernelSqlConsole implements SqlConsole {

    private final SqlEngine engine;

    public KernelSqlConsole(SqlEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<StatementOutcome> execute(String user, String sql, int maxRows, Duration timeout) throws SqlException {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative");
        }
        List<Statement> statements = Parser.parseScript(sql);
        List<StatementOutcome> outcomes = new ArrayList<>();
        Session session = engine.manager().openSession(user, "sql worksheet");
        try {
            for (Statement statement : statements) {
                String text = statements.size() == 1 ? sql.strip() : SqlPrinter.print(statement);
                long started = System.nanoTime();
                SqlResult r = engine.execute(session, text, new Object[0], timeout);
                long elapsed = (System.nanoTime() - started) / 1_000_000;
                if (r.isQuery()) {
                    List<List<Object>> rows = new ArrayList<>(Math.min(maxRows, r.rows().size()));
                    for (Object[] row : r.rows().subList(0, Math.min(maxRows, r.rows().size()))) {
                        rows.add(Arrays.asList(row.clone()));
                    }
                    outcomes.add(new StatementOutcome(text, true, List.copyOf(r.columnNames()), rows,
                            r.rows().size(), r.rows().size() > rows.size(), 0, elapsed));
                } else {
                    outcomes.add(new StatementOutcome(text, false, List.of(), List.of(), 0, false, r.updateCount(), elapsed));
                }
            }
        } finally {
            engine.forget(session);
            session.close();
        }
        return outcomes;
    }
}
