package io.cairn.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.web.JsonObject;
import io.cairn.web.RestException;

class JsonTest {

    private static JsonObject parse(String s) throws RestException {
        return Json.parseObject(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesAnObjectIntoPlainValues() throws Exception {
        JsonObject o = parse("{\"a\": \"x\\n\", \"n\": 12, \"l\": [\"p\", \"q\"], \"m\": {\"k\": 1.5}}");
        assertEquals("x\n", o.string("a"));
        assertEquals(BigInteger.valueOf(12), o.asMap().get("n"));
        assertEquals(List.of("p", "q"), o.strings("l"));
        assertEquals(Map.of("k", "1.5"), o.scalars("m"));
    }

    @Test
    void rejectsWhatIsNotOneWellFormedObject() {
        for (String bad : List.of("", "{", "[1]", "\"s\"", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "{a:1}", "{\"a\":01}",
                "[".repeat(40) + "]".repeat(40))) {
            RestException e = assertThrows(RestException.class, () -> parse(bad), bad);
            assertEquals(400, e.status(), bad);
            assertEquals("malformed_json", e.code(), bad);
        }
    }

    @Test
    void typedAccessorsNameTheFieldThatIsWrong() throws Exception {
        JsonObject o = parse("{\"s\": 1, \"l\": [1], \"i\": \"x\", \"big\": 99999999999}");
        assertEquals("wrong_type", assertThrows(RestException.class, () -> o.string("s")).code());
        assertEquals("wrong_type", assertThrows(RestException.class, () -> o.strings("l")).code());
        assertEquals("wrong_type", assertThrows(RestException.class, () -> o.integer("i", 0, 0, 10)).code());
        assertEquals("out_of_range", assertThrows(RestException.class, () -> o.integer("big", 0, 0, 1000)).code());
        assertEquals("missing_field", assertThrows(RestException.class, () -> o.string("absent")).code());
        RestException unknown = assertThrows(RestException.class, () -> o.allowOnly("s", "l"));
        assertEquals("unknown_field", unknown.code());
    }

    @Test
    void writesErrorsInTheApiShape() {
        assertEquals("{\"error\":{\"code\":\"not_found\",\"message\":\"no \\\"x\\\"\"}}",
                new String(Json.error("not_found", "no \"x\""), StandardCharsets.UTF_8));
    }
}
