package io.cairn.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Json.string("a\"b\\c\nd\u0001"));
        assertEquals("null", Json.string(null));
    }

    @Test
    void errorBodyCarriesStatusAndMessage() {
        assertEquals("{\"error\":{\"status\":405,\"message\":\"use \\\"GET\\\"\"}}", Json.error(405, "use \"GET\""));
    }
}
