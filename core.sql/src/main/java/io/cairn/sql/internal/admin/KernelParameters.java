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
 * sets through the same {@link SystemParameters} store ALTER SYSTEM SET uses.
 */
public final class KernelParameters implements DatabaseParameters {

    private final Map<String, String> inEffect;
    private final SystemParameters store;

    /** @param inEffect v$parameter's values (bytes, ms) by SQL name */
    public KernelParameters(Map<String, String> inEffect, SystemParameters store) {
        this.inEffect = Map.copyOf(inEffect);
        this.store = store;
    }

    @Override
    public List<DatabaseParameter> parameters() {
        return SystemParameterNames.settable().stream()
                .map(name -> {
                    boolean size = SystemParameterNames.isSize(name);
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
        return store.set(name, value);
    }
}
