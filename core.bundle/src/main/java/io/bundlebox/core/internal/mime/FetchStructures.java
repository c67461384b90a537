package io.bundlebox.core.internal.mime;

import io.bundlebox.mime.Address;
import io.bundlebox.mime.Addresses;
import java.util.ArrayList;
import java.util.List;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE of a parsed message as IMAP value trees (see
 * {@link ImapWire}), per RFC 9051 section 7.5.2 and its formal syntax (section 9).
 *
 * <p>Strings are the header values as sent (unfolded); RFC 2047 encoded words stay encoded.
 * Content-type parameters carry RFC 2231 merging as described in {@link MimePart.Param}.
 */
public final class FetchStructures {

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
        out.add(params(withDefaultCharset(part)));
        out.add(part.contentId());
        out.add(part.description());
        // an empty Content-Transfer-Encoding is no encoding: the default 7BIT (RFC 2045 section 6.1)
        out.add(part.transferEncoding() == null || part.transferEncoding().isBlank() ? "7BIT" : part.transferEncoding());
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

    /**
     * A text part without a charset parameter is US-ASCII (RFC 2046 section 4.1.2); saying so
     * spares clients the guess, as Dovecot and Cyrus do.
     */
    private static List<MimePart.Param> withDefaultCharset(MimePart part) {
        if (!part.isText() || part.param("charset") != null) {
            return part.params();
        }
        List<MimePart.Param> params = new ArrayList<>(part.params());
        params.add(new MimePart.Param("CHARSET", "US-ASCII"));
        return params;
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

    /**
     * An RFC 5322 address-list header as an envelope address list (RFC 9051 section 7.5.2), or
     * null (NIL) when absent, empty or without any address: {@code (name adl mailbox host)} per
     * address; a group is {@code (NIL NIL name NIL)}, its members, {@code (NIL NIL NIL NIL)}.
     */
    private static List<Object> addresses(String headerValue) {
        List<Object> out = new ArrayList<>();
        for (Address a : Addresses.parse(headerValue)) {
            out.add(nullableList(a.name(), a.route(), a.mailbox(), a.host()));
        }
        return out.isEmpty() ? null : List.of(new ImapWire.Juxtaposed(out));
    }

    /** {@link List#of} refuses nulls; value trees need them. */
    private static List<Object> nullableList(Object... items) {
        return java.util.Arrays.asList(items);
    }
}
