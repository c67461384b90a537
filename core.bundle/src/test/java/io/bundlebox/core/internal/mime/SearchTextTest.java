package io.bundlebox.core.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SearchTextTest {

    private static final MemoryChannel COMPLEX = MemoryChannel.crlf(Fixtures.COMPLEX);

    @Test
    void headerValuesAreDecodedAndUnfolded() throws IOException {
        MimePart root = MimeParser.parse(COMPLEX);
        assertEquals(List.of("Grüße from the lab"), SearchText.headerValues(root, "SUBJECT"));
        assertEquals(List.of("Alice Müller <alice@example.org>"), SearchText.headerValues(root, "from"));
        assertEquals(List.of(), SearchText.headerValues(root, "X-Absent"));
        assertTrue(SearchText.headerText(root).contains("Subject: Grüße from the lab\n"));
    }

    @Test
    void bodyTextIsTransferAndCharsetDecoded() throws IOException {
        MimePart root = MimeParser.parse(COMPLEX);
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        SearchText.bodyText(COMPLEX, root, new SearchText.TextSink() {
            @Override
            public boolean accept(CharSequence chunk) {
                current.append(chunk);
                return true;
            }

            @Override
            public void endOfPart() {
                parts.add(current.toString());
                current.setLength(0);
            }
        });
        assertEquals(List.of("part one", "café au lait", "<p>hi</p>"), parts);
        assertTrue(SearchText.bodyContains(COMPLEX, root, "CAFÉ AU"));
        assertFalse(SearchText.bodyContains(COMPLEX, root, "Grüße"), "headers are not body");
        assertTrue(SearchText.textContains(COMPLEX, root, "grüsse".replace("ss", "ß")));
        assertFalse(SearchText.bodyContains(COMPLEX, root, "one café"), "no match across parts");
    }

    @Test
    void textSearchCoversNestedHeadersAndMimeHeaders() throws IOException {
        MimePart root = MimeParser.parse(COMPLEX);
        assertTrue(SearchText.textContains(COMPLEX, root, "subject: INNER"));
        assertTrue(SearchText.textContains(COMPLEX, root, "http://example.org/x.bin"));
        assertFalse(SearchText.bodyContains(COMPLEX, root, "inner"));
        List<String> texts = new ArrayList<>();
        SearchText.allText(COMPLEX, root, chunk -> texts.add(chunk.toString()));
        assertEquals(List.of("Content-Type: text/plain; charset=us-ascii\n", "part one"), texts.subList(1, 3),
                "root header, then part 1's MIME header and text");
    }

    @Test
    void unknownAndMissingCharsetsFallBack() throws IOException {
        MemoryChannel channel = MemoryChannel.of("Content-Type: text/plain; charset=x-no-such\n\ncaf\u00e9 \u20ac\n");
        MimePart root = MimeParser.parse(channel);
        assertTrue(SearchText.bodyContains(channel, root, "CAFÉ €"));
        assertEquals(Charset.forName("windows-1251"), SearchText.charset("windows-1251"));
        assertEquals("UTF-8", SearchText.charset("us-ascii").name());
        assertEquals("UTF-8", SearchText.charset("").name());
        assertEquals("windows-1252", SearchText.charset("ISO-8859-1").name());
    }

    @Test
    void hugeBodyIsStreamedInChunks() throws IOException {
        String body = "a".repeat(100_000) + "Needle" + "b".repeat(100_000);
        MemoryChannel channel = MemoryChannel.of("Content-Transfer-Encoding: 8bit\n\n" + body);
        MimePart root = MimeParser.parse(channel);
        int[] chunks = {0};
        SearchText.bodyText(channel, root, chunk -> {
            chunks[0]++;
            return true;
        });
        assertTrue(chunks[0] > 10, "chunked: " + chunks[0]);
        assertTrue(SearchText.bodyContains(channel, root, "aNEEDLEb"));
    }

    static Stream<Arguments> matches() {
        return Stream.of(
                Arguments.of(List.of("Hello ", "World"), "o w", true),
                Arguments.of(List.of("Hel", "lo"), "HELLO", true),
                Arguments.of(List.of("H", "e", "l", "l", "o"), "ello", true),
                Arguments.of(List.of("Hello"), "", true),
                Arguments.of(List.of("Hello"), "hellO!", false),
                Arguments.of(List.of("ΟΔΟΣ"), "οδος", true),
                Arguments.of(List.of("οδος"), "ΟΔΟς", true), // final sigma folds to sigma
                Arguments.of(List.of("\u212a"), "k", true), // Kelvin sign
                Arguments.of(List.of("x\ud801", "\udc00y"), "\ud801\udc28", true), // Deseret, split pair
                Arguments.of(List.of("straße"), "STRASSE", false)); // no full folding
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @MethodSource("matches")
    void matcherWorksAcrossChunks(List<String> chunks, String needle, boolean expected) {
        TextMatcher matcher = new TextMatcher(needle);
        chunks.forEach(matcher::feed);
        assertEquals(expected, matcher.matched());
        assertEquals(expected, TextMatcher.contains(String.join("", chunks), needle));
    }
}
