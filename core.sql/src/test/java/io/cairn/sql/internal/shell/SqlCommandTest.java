package io.cairn.sql.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.sql.internal.type.SqlType;

class SqlCommandTest {

    private static final List<Object[]> ROWS = new ArrayList<>();

    static {
        ROWS.add(new Object[] {1, "plain"});
        ROWS.add(new Object[] {2, "a,b \"quoted\""});
        ROWS.add(new Object[] {3, null});
    }

    private static final SqlResult RESULT = new SqlResult(List.of("id", "name"),
            List.of(SqlType.INT, SqlType.TEXT), ROWS, -1);

    private static String print(SqlResult result, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SqlCommand.print(result, format, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvQuotesFieldsWithCommasAndQuotesAndLeavesNullEmpty() {
        assertEquals("id,name\n1,plain\n2,\"a,b \"\"quoted\"\"\"\n3,\n", print(RESULT, "csv"));
    }

    @Test
    void jsonIsAnArrayOfObjectsWithNullsAndNumbers() {
        assertEquals("[{\"id\":1,\"name\":\"plain\"},{\"id\":2,\"name\":\"a,b \\\"quoted\\\"\"},{\"id\":3,\"name\":null}]\n",
                print(RESULT, "json"));
    }

    @Test
    void tableShowsNullAndARowCount() {
        String out = print(RESULT, "table");
        assertEquals(true, out.contains("NULL"), out);
        assertEquals(true, out.endsWith("(3 rows)\n"), out);
    }

    @Test
    void statementsWithoutRowsReportTheirCount() {
        assertEquals("2 row(s) affected\n", print(SqlResult.count(2), "table"));
    }
}
