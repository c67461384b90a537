package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Extensions;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.FetchAttribute;
import io.bundlebox.imap.spi.FetchModifier;
import io.bundlebox.imap.spi.FetchOptions;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the data items of FETCH (RFC 9051 section 6.4.5 and the {@code fetch-att} rule of
 * section 9), including the macros ALL, FAST and FULL.
 */
final class FetchParser {

    private FetchParser() {
    }

    /** Reads {@code ALL / FULL / FAST / fetch-att / "(" fetch-att *(SP fetch-att) ")"}. */
    static List<FetchItem> items(ImapReader in, Session session) throws IOException, ImapException {
        List<FetchItem> items = new ArrayList<>();
        if (in.skipIf('(')) {
            do {
                items.add(item(in, itemName(in), session));
            } while (in.skipIf(' '));
            in.expect(')');
            return items;
        }
        String name = itemName(in);
        return switch (name) {
            case "ALL" -> macro("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE");
            case "FAST" -> macro("FLAGS", "INTERNALDATE", "RFC822.SIZE");
            case "FULL" -> macro("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY");
            default -> List.of(item(in, name, session));
        };
    }

    private static List<FetchItem> macro(String... names) {
        List<FetchItem> out = new ArrayList<>();
        for (String n : names) {
            out.add(new FetchItem.Simple(n));
        }
        return out;
    }

    /** The item name up to '[', '<', SP, ')' or the line end, upper-cased. */
    private static String itemName(ImapReader in) throws IOException, ImapException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.peek();
            if (b < 0 || b == '[' || b == ' ' || b == ')' || b == '(' || b == '\r' || b == '\n' || b == '<') {
                break;
            }
            sb.append((char) b);
            in.expect((char) b);
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    private static FetchItem item(ImapReader in, String name, Session session) throws IOException, ImapException {
        switch (name) {
            case "FLAGS", "UID", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE" -> {
                return new FetchItem.Simple(name);
            }
            case "ALL", "FAST", "FULL" -> throw ImapException.bad(ResponseCode.CLIENTBUG, name + " may not be combined with other items");
            case "RFC822" -> {
                return new FetchItem.Section("RFC822", false, false, new int[0], "", List.of(), -1, -1);
            }
            case "RFC822.HEADER" -> {
                return new FetchItem.Section("RFC822.HEADER", false, true, new int[0], "HEADER", List.of(), -1, -1);
            }
            case "RFC822.TEXT" -> {
                return new FetchItem.Section("RFC822.TEXT", false, false, new int[0], "TEXT", List.of(), -1, -1);
            }
            case "BODY" -> {
                if (!in.peekIs('[')) {
                    return new FetchItem.Simple("BODY");
                }
                return section(in, false, false);
            }
            case "BODY.PEEK" -> {
                return section(in, false, true);
            }
            case "BINARY" -> {
                return section(in, true, false);
            }
            case "BINARY.PEEK" -> {
                return section(in, true, true);
            }
            case "BINARY.SIZE" -> {
                in.expect('[');
                PartPath path = partPath(in);
                in.expect(']');
                return new FetchItem.BinarySize(path.lookup(), "BINARY.SIZE[" + path + "]");
            }
            default -> {
                if (name.isEmpty()) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a FETCH data item");
                }
                FetchItem.Extension ext = extensionItem(session, name);
                if (ext != null) {
                    return ext;
                }
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown FETCH data item " + name);
            }
        }
    }

    /**
     * The extension FETCH item called {@code name}, or null; the session counts as using its
     * bundle, and the attribute hears that it was requested ({@link FetchAttribute#requested}).
     */
    static FetchItem.Extension extensionItem(Session session, String name) throws IOException, ImapException {
        Extensions.Tracked<FetchAttribute> ext = session.extensions().named(FetchAttribute.class, name,
                FetchAttribute::name);
        if (ext == null) {
            return null;
        }
        session.used(ext.bundleId());
        ext.service().requested(session);
        return new FetchItem.Extension(name, ext.service());
    }

    /**
     * {@code [SP "(" fetch-modifier *(SP fetch-modifier) ")"]} (RFC 4466 section 2.4), each
     * handled by a {@link FetchModifier} extension.
     */
    static FetchOptions modifiers(ImapReader in, Session session, boolean uidForm) throws IOException, ImapException {
        FetchOptions options = new FetchOptions(uidForm);
        if (!in.skipIf(' ')) {
            return options;
        }
        in.expect('(');
        List<FetchModifier> given = new ArrayList<>();
        do {
            String name = in.keyword();
            Extensions.Tracked<FetchModifier> m = session.extensions().named(FetchModifier.class, name, FetchModifier::name);
            if (m == null) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown FETCH modifier " + name);
            }
            if (given.contains(m.service())) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "FETCH modifier " + name + " given twice");
            }
            given.add(m.service());
            session.used(m.bundleId());
            m.service().parse(in, session, options);
        } while (in.skipIf(' '));
        in.expect(')');
        for (FetchModifier m : given) {
            m.validate(session, options);
        }
        return options;
    }

    private static FetchItem section(ImapReader in, boolean binary, boolean peek) throws IOException, ImapException {
        in.expect('[');
        PartPath path = PartPath.NONE;
        String text = "";
        List<String> fields = List.of();
        if (binary) {
            path = partPath(in);
            if (path.textFollows()) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "BINARY takes a part number only");
            }
        } else {
            if (in.peek() >= '1' && in.peek() <= '9') {
                path = partPath(in);
                if (path.textFollows()) {
                    text = sectionText(in, true);
                }
            } else if (!in.peekIs(']')) {
                text = sectionText(in, false);
            }
            if (text.startsWith("HEADER.FIELDS")) {
                in.sp();
                fields = headerList(in);
            }
        }
        in.expect(']');
        long offset = -1;
        long length = -1;
        if (in.skipIf('<')) {
            // partial = "<" number64 "." nz-number64 ">"; the answer echoes the origin as a
            // 32-bit "number" (RFC 9051 section 9, msg-att-static), so a larger one is refused
            offset = in.number();
            in.expect('.');
            length = in.number64();
            if (length == 0) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Partial length must not be 0");
            }
            in.expect('>');
        }
        int[] part = path.lookup();
        StringBuilder name = new StringBuilder(binary ? "BINARY[" : "BODY[").append(path);
        if (!text.isEmpty()) {
            name.append(part.length > 0 ? "." : "").append(text);
            if (!fields.isEmpty()) {
                name.append(" (").append(String.join(" ", fields)).append(")");
            }
        }
        name.append("]");
        return new FetchItem.Section(name.toString(), binary, peek, part, text, fields, offset, length);
    }

    private static String sectionText(ImapReader in, boolean afterPart) throws IOException, ImapException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.peek();
            if (b < 0 || b == ']' || b == ' ') {
                break;
            }
            sb.append((char) b);
            in.expect((char) b);
        }
        String t = sb.toString().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "HEADER", "TEXT", "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> t;
            case "MIME" -> {
                if (!afterPart) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "MIME needs a part number");
                }
                yield t;
            }
            default -> throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown section text " + t);
        };
    }

    private static List<String> headerList(ImapReader in) throws IOException, ImapException {
        in.expect('(');
        List<String> names = new ArrayList<>();
        do {
            names.add(in.astring().toUpperCase(Locale.ROOT));
        } while (in.skipIf(' '));
        in.expect(')');
        return names;
    }

    /**
     * A part path as the client wrote it, and whether a section text follows its last dot. Part
     * numbers are unsigned 32-bit ({@code nz-number}, RFC 9051 section 9) and are echoed as
     * written; for the lookup, numbers beyond {@code int} become {@link Integer#MAX_VALUE}, a part
     * no message has (parts are bounded far below it), so they address a missing part too.
     */
    private record PartPath(long[] parts, boolean textFollows) {
        static final PartPath NONE = new PartPath(new long[0], false);

        int[] lookup() {
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = (int) Math.min(parts[i], Integer.MAX_VALUE);
            }
            return out;
        }

        /** The parts joined by dots, as the FETCH response names the section. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (long p : parts) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(p);
            }
            return sb.toString();
        }
    }

    /** {@code section-part}: nz-number *("." nz-number), consuming the dot before a section text. */
    private static PartPath partPath(ImapReader in) throws IOException, ImapException {
        List<Long> parts = new ArrayList<>();
        if (in.peekIs(']')) {
            return PartPath.NONE;
        }
        parts.add(in.nzNumber());
        boolean textFollows = false;
        while (in.skipIf('.')) {
            int b = in.peek();
            if (b >= '1' && b <= '9') {
                parts.add(in.nzNumber());
            } else {
                textFollows = true;
                break;
            }
        }
        return new PartPath(parts.stream().mapToLong(Long::longValue).toArray(), textFollows);
    }
}
