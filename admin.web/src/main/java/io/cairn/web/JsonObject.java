package io.cairn.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed JSON object request body with strict, typed accessors: each failure is a 400
 * {@link RestException} naming the field, so resources never see a wrong type.
 * Values are {@code String}, {@code Boolean}, {@code BigInteger}, {@code BigDecimal},
 * {@code List}, {@code Map} or null.
 */
public final class JsonObject {

    private final Map<String, Object> fields;

    public JsonObject(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Map<String, Object> asMap() {
        return fields;
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** Fails with 400 {@code unknown_field} when the object has a field not in {@code allowed}. */
    public JsonObject allowOnly(String... allowed) throws RestException {
        Set<String> ok = Set.of(allowed);
        for (String name : fields.keySet()) {
            if (!ok.contains(name)) {
                throw RestException.badRequest("unknown_field", "unknown field '" + name + "'; allowed: "
                        + String.join(", ", new TreeSet<>(ok)));
            }
        }
        return this;
    }

    /** A required string field. */
    public String string(String name) throws RestException {
        Object v = required(name);
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string", v);
        }
        return s;
    }

    /** An optional string field, or {@code fallback} when absent or null. */
    public String string(String name, String fallback) throws RestException {
        return fields.get(name) == null ? fallback : string(name);
    }

    /** An optional integer field within [min, max], or {@code fallback} when absent or null. */
    public long integer(String name, long fallback, long min, long max) throws RestException {
        Object v = fields.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof BigInteger i)) {
            throw wrongType(name, "an integer", v);
        }
        if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw RestException.badRequest("out_of_range", "field '" + name + "' must be between " + min + " and " + max);
        }
        return i.longValue();
    }

    /** An optional array of strings, or an empty list when absent or null. */
    public List<String> strings(String name) throws RestException {
        Object v = fields.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw wrongType(name, "an array of strings", v);
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw wrongType(name, "an array of strings", v);
            }
            out.add(s);
        }
        return out;
    }

    /** A required object field whose values must all be strings or numbers (given back as text). */
    public Map<String, String> scalars(String name) throws RestException {
        Object v = required(name);
        if (!(v instanceof Map<?, ?> map)) {
            throw wrongType(name, "an object", v);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object value = e.getValue();
            if (value instanceof String s) {
                out.put((String) e.getKey(), s);
            } else if (value instanceof BigInteger || value instanceof BigDecimal) {
                out.put((String) e.getKey(), value.toString());
            } else {
                throw wrongType(name + "." + e.getKey(), "a string or a number", value);
            }
        }
        return out;
    }

    private Object required(String name) throws RestException {
        Object v = fields.get(name);
        if (v == null) {
            throw RestException.badRequest("missing_field", "field '" + name + "' is required");
        }
        return v;
    }

    private static RestException wrongType(String name, String expected, Object actual) {
        String got = actual == null ? "null" : actual instanceof String ? "a string" : actual instanceof Boolean ? "a boolean"
                : actual instanceof List ? "an array" : actual instanceof Map ? "an object" : "a number";
        return RestException.badRequest("wrong_type", "field '" + name + "' must be " + expected + ", not " + got);
    }
}
