package io.cairn.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.cairn.web.JsonObject;
import io.cairn.web.RestException;

/**
 * JSON in and out of the REST API, on Jackson: request bodies are parsed strictly (duplicate
 * keys, trailing content, deep nesting and huge numbers are errors) into plain maps, lists,
 * strings, BigInteger/BigDecimal and booleans.
 */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32).maxNumberLength(100).maxStringLength(1 << 20).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /** Parses a request body that must be one JSON object. */
    @SuppressWarnings("unchecked")
    static JsonObject parseObject(InputStream in) throws RestException {
        Object value;
        try {
            value = MAPPER.readValue(in, Object.class);
        } catch (JsonProcessingException e) {
            throw RestException.badRequest("malformed_json", "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw RestException.badRequest("unreadable_body", "the body could not be read: " + e.getMessage());
        }
        if (!(value instanceof Map)) {
            throw RestException.badRequest("malformed_json", "the body must be a JSON object");
        }
        return new JsonObject((Map<String, Object>) value);
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(plain(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Dates and times as ISO text, byte arrays as hex, non-finite doubles as text: JSON has none of them. */
    static Object plain(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof TemporalAccessor || v instanceof java.util.Date) {
            return v.toString();
        }
        if (v instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.toString();
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        return v;
    }

    /** {@code {"error":{"code":...,"message":...}}}. */
    static byte[] error(String code, String message) {
        return error(code, message, Map.of());
    }

    static byte[] error(String code, String message, Map<String, Object> details) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", code);
        inner.put("message", message);
        inner.putAll(details);
        return write(Map.of("error", inner));
    }
}
