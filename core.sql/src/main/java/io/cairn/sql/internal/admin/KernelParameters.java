package io.cairn.sql.internal.admin;

import java.util.List;
import java.util.Map;

import io.cairn.sql.SqlException;
import io.cairn.sql.admin.DatabaseParameter;
import io.cairn.sql.admin.DatabaseParameters;
import io.cairn.sql.internal.SystemParameterNames;
import io.cairn.sql.internal.engine.SystemParameters;

/**
 * The ALTER SYSTEM parameters as a service: reads the values the database was opened with and
 * sets through the same store ALTER SYSTEM SET uses (Config Admin or {@code cairn.properties}).
 */
public final class KernelParameters implements DatabaseParameters {

    /** Validates and stores several parameters at once (as {@link SystemParameters} does one). */
    public interface Store {
        String set(Map<String, String> values) throws SqlException;
    }

    private final Map<String, String> inEffect;
    private final Store store;

    /** @param inEffect v$parameter's values (bytes, ms) by SQL name */
    public KernelParameters(Map<String, String> inEffect, Store store) {
        this.inEffect = Map.copyOf(inEffect);
        this.store = store;
    }

    @Override
    public List<DatabaseParameter> parameters() {
        return SystemParameterNames.settable().stream()
                .map(name -> {
                    boolean size = SystemParameterNames.isSize(name);
                    if (SystemParameterNames.isRows(name)) {
                        return new DatabaseParameter(name, Long.parseLong(inEffect.get(name)), "rows", "rows");
                    }
                    return new DatabaseParameter(name, Long.parseLong(inEffect.get(name)), size ? "bytes" : "ms",
                            size ? "size" : "duration");
                })
                .toList();
    }

    @Override
    public void validate(String name, String value) throws SqlException {
        SystemParameterNames.validate(name, value);
    }

    @Override
    public String set(String name, String value) throws SqlException {
        return store.set(Map.of(name, value));
    }

    @Override
    public String setAll(Map<String, String> values) throws SqlException {
        if (values.isEmpty()) {
            throw new SqlException("no parameter to set", "22023");
        }
        return store.set(new java.util.LinkedHashMap<>(values));
    }
}
