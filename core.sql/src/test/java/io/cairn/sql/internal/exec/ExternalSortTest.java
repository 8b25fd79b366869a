package io.cairn.sql.internal.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;

/** The one external sort and the one temp file format, below the operators. */
class ExternalSortTest {

    @TempDir
    Path dir;

    private ExecContext context(long bound) {
        return new ExecContext(null, null, new CancelFlag(), 0, bound, TempArea.of(dir));
    }

    @Test
    void everyValueComesBackAsTheSameJavaObject() throws Exception {
        ExecContext ctx = context(10);
        Object[] row = {null, true, false, 7, -8L, -0.0, Double.NaN, 1.0e300, new BigDecimal("1.50"),
            new BigDecimal(new BigInteger("123456789012345678901234567890"), -5), "plain", "é 😀", "lone \uD800 high",
            "\uDC00 lone low", "", LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31),
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_999), new byte[0], new byte[] {-1, 0, 1}};
        try (TempFile f = new TempFile(ctx)) {
            f.write(row);
            f.write(new Object[0]);
            for (int pass = 0; pass < 2; pass++) { // read twice: a temp file is read from the start each time
                TempFile.Reader r = f.read();
                Object[] back = r.next();
                assertEquals(row.length, back.length);
                for (int i = 0; i < row.length; i++) {
                    if (row[i] instanceof byte[] b) {
                        assertArrayEquals(b, (byte[]) back[i]);
                    } else {
                        assertEquals(row[i], back[i], "value " + i);
                        assertEquals(row[i] == null ? null : row[i].getClass(), back[i] == null ? null : back[i].getClass());
                    }
                }
                assertEquals(0, r.next().length);
                assertNull(r.next());
            }
            assertTrue(Files.exists(f.path()));
            assertTrue(f.path().startsWith(dir.resolve("temp")));
        }
        assertEquals(0, files(), "closing a temp file deletes it");
    }

    @Test
    void aSortOfManyRunsMergesInPassesAndStaysStable() throws Exception {
        ExecContext ctx = context(5); // 2,000 rows: 400 runs, more than one merge of 64 can take
        Random random = new Random(7);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(new Object[] {random.nextInt(30), i});
        }
        List<Object[]> expected = new ArrayList<>(rows);
        expected.sort(Comparator.comparingInt(r -> (Integer) r[0])); // stable: ties keep input order
        try (ExternalSort sort = new ExternalSort(ctx, (a, b) -> Integer.compare((Integer) a[0], (Integer) b[0]))) {
            for (Object[] r : rows) {
                sort.add(r);
            }
            ExternalSort.Output out = sort.sorted();
            assertTrue(sort.runs() > 400, "runs written, merge passes included: " + sort.runs());
            assertTrue(files() <= ExternalSort.MERGE_FAN_IN, "the final merge reads at most 64 runs: " + files());
            for (Object[] e : expected) {
                assertArrayEquals(e, out.next());
            }
            assertNull(out.next());
        }
        assertEquals(0, files());
    }

    @Test
    void aComparisonErrorAndACancelComeOutAsSqlErrors() throws Exception {
        ExecContext ctx = context(3);
        try (ExternalSort sort = new ExternalSort(ctx, (a, b) -> {
            if (a[0].equals(99) || b[0].equals(99)) {
                throw new SqlException("cannot compare", "42804");
            }
            return Integer.compare((Integer) a[0], (Integer) b[0]);
        })) {
            for (int i = 0; i < 10; i++) {
                sort.add(new Object[] {i});
            }
            sort.add(new Object[] {99});
            SqlException e = assertThrows(SqlException.class, () -> {
                ExternalSort.Output out = sort.sorted();
                while (out.next() != null) {
                    // the merge compares 99 at the latest
                }
            });
            assertEquals("42804", e.getSQLState());
        }
        CancelFlag cancel = new CancelFlag();
        ExecContext cancelled = new ExecContext(null, null, cancel, 0, 3, TempArea.of(dir));
        ExternalSort sort = new ExternalSort(cancelled, (a, b) -> Integer.compare((Integer) a[0], (Integer) b[0]));
        SqlException e = assertThrows(SqlException.class, () -> {
            for (int i = 0; i < 100_000; i++) {
                sort.add(new Object[] {i % 17});
                if (i == 50) {
                    cancel.cancel("test");
                }
            }
        });
        assertEquals(ExecContext.QUERY_CANCELED, e.getSQLState());
        assertTrue(files() > 0);
        cancelled.closeTempFiles(); // what the statement's end does
        assertEquals(0, files());
    }

    private long files() throws IOException {
        Path temp = dir.resolve("temp");
        if (!Files.isDirectory(temp)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(temp)) {
            return s.count();
        }
    }
}
