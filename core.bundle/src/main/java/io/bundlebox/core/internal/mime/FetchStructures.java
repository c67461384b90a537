package io.bundlebox.core.internal.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.DomainList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE of a parsed message as IMAP value trees (see
 * {@link ImapWire}), per RFC 9051 section 7.5.2 and its formal syntax (section 9).
 *
 * <p>Strings are the header values as sent (unfolded); RFC 2047 encoded words stay encoded.
 * Content-type parameters carry RFC 2231 merging as described in {@link MimePart.Param}.
 */
public final class FetchStructures {

    /** U+E000 (private use) hides "=?" from Mime4j, which would decode RFC 2047 names. */
    private static final String HIDDEN_ENCODED_WORD_START = "\uE000";

    private FetchStructures() {}

    /**
     * @param message a message entity: the root, or {@link MimePart#message()} of a
     *     message/rfc822 part
     * @return {@code (date subject from sender reply-to to cc bcc in-reply-to message-id)};
     *     sender and reply-to default to from; address lists are {@code (Juxtaposed(addr...))}
     *     or NIL; a group is {@code (NIL NIL name NIL) members... (NIL NIL NIL NIL)}
     */
    public static List<Object> envelope(MimePart message) {
        List<Object> from = addresses(message.header("From"));
        List<Object> sender = addresses(message.header("Sender"));
        List<Object> replyTo = addresses(message.header("Reply-To"));
        return nullableList(
                message.header("Date"),
                message.header("Subject"),
                from,
                sender == null ? from : sender,
                replyTo == null ? from : replyTo,
                addresses(message.header("To")),
                addresses(message.header("Cc")),
                addresses(message.header("Bcc")),
                message.header("In-Reply-To"),
                message.header("Message-ID"));
    }

    /** @return BODYSTRUCTURE: {@link #body} plus the extension data of every part */
    public static List<Object> bodyStructure(MimePart message) {
        return structure(message, true);
    }

    /** @return BODY, the non-extensible form of BODYSTRUCTURE */
    public static List<Object> body(MimePart message) {
        return structure(message, false);
    }

    private static List<Object> structure(MimePart part, boolean extensible) {
        List<Object> out = new ArrayList<>();
        if (part.isMultipart()) {
            List<Object> children = new ArrayList<>();
            for (MimePart child : part.children()) {
                children.add(structure(child, extensible));
            }
            out.add(new ImapWire.Juxtaposed(children));
            out.add(part.subtype());
            if (extensible) {
                out.add(params(part.params()));
                addDispositionLanguageLocation(part, out);
            }
            return out;
        }
        out.add(part.type());
        out.add(part.subtype());
        out.add(params(part.params()));
        out.add(part.contentId());
        out.add(part.description());
        out.add(part.transferEncoding() == null ? "7BIT" : part.transferEncoding());
        out.add(part.bodyOctets());
        if (part.message() != null) {
            out.add(envelope(part.message()));
            out.add(structure(part.message(), extensible));
            out.add(part.bodyLines());
        } else if (part.isText()) {
            out.add(part.bodyLines());
        }
        if (extensible) {
            out.add(part.md5());
            addDispositionLanguageLocation(part, out);
        }
        return out;
    }

    private static void addDispositionLanguageLocation(MimePart part, List<Object> out) {
        MimePart.Disposition d = part.disposition();
        out.add(d == null ? null : nullableList(d.type(), params(d.params())));
        out.add(part.language() == null ? null : List.copyOf(part.language()));
        out.add(part.location());
    }

    /**
     * RFC 9051 section 7.5.2: RFC 2231 continuations appear merged; a charset-tagged value as
     * "name*" = {@code utf-8''} + percent-encoded UTF-8 (RFC 2231 section 4), keeping the list
     * ASCII.
     */
    private static List<Object> params(List<MimePart.Param> params) {
        if (params.isEmpty()) {
            return null;
        }
        List<Object> out = new ArrayList<>(params.size() * 2);
        for (MimePart.Param p : params) {
            out.add(p.charsetTagged() ? p.name() + "*" : p.name());
            out.add(p.charsetTagged() ? "utf-8''" + HeaderValues.percentEncode(p.value()) : p.value());
        }
        return out;
    }

    /** An RFC 5322 address-list header as an envelope address list, or null (NIL). */
    private static List<Object> addresses(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return null;
        }
        AddressList list;
        try {
            // Mime4j's CharSequence overload bounds the cursor by chars, not UTF-8 octets
            byte[] utf8 = headerValue.replace("=?", HIDDEN_ENCODED_WORD_START).getBytes(StandardCharsets.UTF_8);
            list = LenientAddressParser.DEFAULT.parseAddressList(
                    new ByteArrayBuffer(utf8, utf8.length, false), new ParserCursor(0, utf8.length));
        } catch (RuntimeException e) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Address address : list) {
            if (address instanceof Group group) {
                out.add(nullableList(null, null, restore(group.getName()), null));
                for (Mailbox m : group.getMailboxes()) {
                    out.add(address(m));
                }
                out.add(nullableList(null, null, null, null));
            } else if (address instanceof Mailbox m) {
                out.add(address(m));
            }
        }
        return out.isEmpty() ? null : List.of(new ImapWire.Juxtaposed(out));
    }

    /** {@code (name adl mailbox host)}; a missing host is "" so it never reads as a group marker. */
    private static List<Object> address(Mailbox m) {
        String name = restore(m.getName());
        DomainList route = m.getRoute();
        return nullableList(
                name == null || name.isEmpty() ? null : name,
                route == null || route.isEmpty() ? null : restore(route.toRouteString()),
                m.getLocalPart() == null ? "" : restore(m.getLocalPart()),
                m.getDomain() == null ? "" : restore(m.getDomain()));
    }

    private static String restore(String s) {
        return s == null ? null : s.replace(HIDDEN_ENCODED_WORD_START, "=?");
    }

    /** {@link List#of} refuses nulls; value trees need them. */
    private static List<Object> nullableList(Object... items) {
        return java.util.Arrays.asList(items);
    }
}
