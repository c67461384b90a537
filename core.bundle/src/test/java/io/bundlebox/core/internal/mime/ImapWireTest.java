package io.bundlebox.core.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ImapWireTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(null, "NIL"),
                Arguments.of("", "\"\""),
                Arguments.of("plain", "\"plain\""),
                Arguments.of("a \"quoted\" \\ back", "\"a \\\"quoted\\\" \\\\ back\""),
                Arguments.of("two\r\nlines", "{10}\r\ntwo\r\nlines"),
                Arguments.of("lf\nonly", "{7}\r\nlf\nonly"),
                Arguments.of("nul\0", "{4}\r\nnul\0"),
                Arguments.of("café", "{5}\r\ncafé"), // 5 UTF-8 octets
                Arguments.of("€", "{3}\r\n€"),
                Arguments.of(0L, "0"),
                Arguments.of(4554L, "4554"),
                Arguments.of(List.of(), "()"),
                Arguments.of(List.of("a", 1L), "(\"a\" 1)"),
                Arguments.of(Arrays.asList(null, List.of("x"), null), "(NIL (\"x\") NIL)"),
                Arguments.of(new ImapWire.Atom("\\Seen"), "\\Seen"),
                Arguments.of(List.of(new ImapWire.Juxtaposed(List.of(List.of("a"), List.of("b"))), "mixed"),
                        "((\"a\")(\"b\") \"mixed\")"),
                Arguments.of(List.of(new ImapWire.Juxtaposed(List.of(Arrays.asList("N", null, "m", "h")))),
                        "((\"N\" NIL \"m\" \"h\"))"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void rendersByteExactly(Object value, String wire) {
        assertEquals(wire, ImapWire.toWire(value));
    }

    @Test
    void rejectsOtherObjects() {
        assertThrows(IllegalArgumentException.class, () -> ImapWire.toWire(new Object()));
    }
}
