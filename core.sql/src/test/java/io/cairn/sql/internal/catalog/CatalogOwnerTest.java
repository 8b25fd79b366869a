package io.cairn.sql.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.sql.internal.type.SqlType;

/** Catalog rows written before owners existed read back without one and are reported as the kernel user's. */
class CatalogOwnerTest {

    private static TableInfo table(String owner) {
        return new TableInfo("t", List.of(new ColumnInfo("id", SqlType.INT, true, null, false)), List.of(0), List.of(),
                Map.of("k", "v"), "sql.t1", owner);
    }

    @Test
    void aRowWithoutOwnerIsTheDefaultOwnersAndOneWithAnOwnerKeepsIt() {
        TableInfo old = Catalog.readTable(Catalog.writeTable(table(null))); // the format before owners
        assertNull(old.owner());
        assertEquals(TableInfo.DEFAULT_OWNER, old.ownerName());
        assertEquals(Map.of("k", "v"), old.options());
        TableInfo owned = Catalog.readTable(Catalog.writeTable(table("ann")));
        assertEquals("ann", owned.ownerName());
        assertEquals(table("ann"), owned);
        assertEquals("ann", owned.withColumns(owned.columns(), List.of()).owner(), "ALTER keeps the owner");
    }
}
