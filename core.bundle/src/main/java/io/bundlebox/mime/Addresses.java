package io.bundlebox.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * A lenient RFC 5322 address-list parser (sections 3.4 and 4.4, with the obsolete forms of
 * section 4) for ENVELOPE (RFC 9051 section 7.5.2), address SEARCH keys and the
 * SORT/THREAD keys of extensions: the one address parser of the server.
 *
 * <p>What the client is shown follows the RFC's semantics: quoted-pairs are unescaped and the
 * quotes taken off (section 3.2.4); comments and the white space between tokens are no part of an
 * address ({@code <user (c)@ (c) example.org>} is {@code user@example.org}); runs of white space
 * between the words of a phrase read as one space (section 3.2.2); an address without a display
 * name but with a comment after it ({@code user@example.org (Real Name)}) takes the comment as its name,
 * as Dovecot and Cyrus do; a source route ({@code <@a,@b:user@host>}, section 4.4) is kept;
 * groups ({@code name: a, b;}) come as a start marker, members, an end marker (see
 * {@link Address}), also when empty. RFC 2047 encoded words stay as they are.
 *
 * <p>Malformed input never throws, and is read as Dovecot reads it: a lone word is a local part
 * without a domain ({@code foo}); a phrase without an address ({@code "Drew Fossum"},
 * {@code MAILER DAEMON <>}) is a name with an empty mailbox; stray characters and whatever
 * follows a complete address up to the next comma are skipped. A missing local part or domain
 * is the empty string, never null, so no address reads as a group marker (RFC 9051: a NIL host
 * marks group syntax).
 */
public final class Addresses {

    /** The end of a group ({@code ;}), as ENVELOPE shows it (RFC 9051 section 7.5.2). */
    private static final Address GROUP_END = new Address(null, null, null, null);

    private Addresses() {}

    /**
     * Parses an unfolded address-list field body (From, To, Cc, Bcc, Sender, Reply-To).
     *
     * @param value the field body, may be null
     * @return the addresses in order, group markers included (see {@link Address}); empty for
     *     null, blank or unparsable input; immutable
     */
    public static List<Address> parse(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<Address> out = new ArrayList<>();
        new Parser(tokenize(value)).list(out);
        return List.copyOf(out);
    }

    /**
     * The first mailbox of a parsed list (group markers skipped), or null when there is none:
     * what RFC 5256 section 3 (SORT FROM/TO/CC) and RFC 5957 section 4 look at.
     */
    public static Address first(List<Address> addresses) {
        for (Address a : addresses) {
            if (!a.isGroupMarker()) {
                return a;
            }
        }
        return null;
    }

    // ---- tokens -------------------------------------------------------------------------------

    private enum Kind { ATOM, QUOTED, LITERAL, SPECIAL }

    /**
     * @param space white space or a comment came before it
     * @param comment the text of the comment(s) just before it, or null
     */
    private record Token(Kind kind, String text, boolean space, String comment) {
        boolean is(char c) {
            return kind == Kind.SPECIAL && text.charAt(0) == c;
        }

        boolean isWord() {
            return kind == Kind.ATOM || kind == Kind.QUOTED;
        }
    }

    private static final String SPECIALS = "()<>[]:;@\\,.\"";

    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        boolean space = false;
        StringBuilder comment = null;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = true;
                i++;
            } else if (c == '(') {
                StringBuilder text = new StringBuilder();
                i = comment(s, i, text);
                comment = comment == null ? text : comment.append(' ').append(text);
                space = true;
            } else if (c == '"') {
                StringBuilder text = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    text.append(s.charAt(i++));
                }
                i++; // the closing quote (or past the end of an unterminated one)
                tokens.add(new Token(Kind.QUOTED, text.toString(), space, text(comment)));
                space = false;
                comment = null;
            } else if (c == '[') {
                int end = s.indexOf(']', i);
                end = end < 0 ? n : end + 1;
                tokens.add(new Token(Kind.LITERAL, s.substring(i, end), space, text(comment)));
                i = end;
                space = false;
                comment = null;
            } else if (SPECIALS.indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SPECIAL, String.valueOf(c), space, text(comment)));
                i++;
                space = false;
                comment = null;
            } else {
                int start = i;
                while (i < n && !isAtomEnd(s.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.ATOM, s.substring(start, i), space, text(comment)));
                space = false;
                comment = null;
            }
        }
        if (comment != null) {
            tokens.add(new Token(Kind.SPECIAL, ",", true, comment.toString())); // carries a trailing comment
        }
        return tokens;
    }

    private static String text(StringBuilder comment) {
        return comment == null ? null : comment.toString();
    }

    private static boolean isAtomEnd(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || SPECIALS.indexOf(c) >= 0;
    }

    /** Reads a comment starting at {@code s[i] == '('}, nested ones kept with their parentheses. */
    private static int comment(String s, int i, StringBuilder text) {
        int depth = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                text.append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '(') {
                if (depth > 0) {
                    text.append(c);
                }
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
                text.append(c);
            } else {
                text.append(c);
            }
            i++;
        }
        return n;
    }

    // ---- grammar ------------------------------------------------------------------------------

    private static final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        private Token peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        private boolean at(char c) {
            Token t = peek();
            return t != null && t.is(c);
        }

        /** address-list: addresses separated by commas (empty elements allowed, section 4.4). */
        void list(List<Address> out) {
            while (peek() != null) {
                if (at(',')) {
                    pos++;
                    continue;
                }
                address(out, false);
            }
        }

        /** One address (mailbox or group); leaves the position at the next ',' (or ';' in a group). */
        private void address(List<Address> out, boolean inGroup) {
            List<Token> phrase = new ArrayList<>();
            while (true) {
                Token t = peek();
                if (t == null || t.is(',') || (inGroup && t.is(';'))) {
                    phraseOnly(out, phrase);
                    return;
                }
                if (t.isWord() || t.is('.')) {
                    phrase.add(t);
                    pos++;
                } else if (t.is('<')) {
                    pos++;
                    angleAddr(out, phrase.isEmpty() ? null : words(phrase));
                    skipJunk(inGroup);
                    return;
                } else if (t.is(':') && !inGroup) {
                    pos++;
                    group(out, words(phrase));
                    return;
                } else if (t.is('@')) {
                    pos++;
                    String local = localPart(phrase);
                    String domain = domain();
                    out.add(new Address(trailingComment(), null, local, domain));
                    skipJunk(inGroup);
                    return;
                } else {
                    pos++; // a stray special ('>', ';', ')' ...): skipped
                }
            }
        }

        /** A phrase with no address after it: a lone (dot-)atom is a local part, anything else a name. */
        private void phraseOnly(List<Address> out, List<Token> phrase) {
            if (phrase.isEmpty()) {
                return;
            }
            boolean localPart = phrase.stream().allMatch(t -> t.kind() == Kind.ATOM || t.is('.'))
                    && words(phrase).equals(localPart(phrase)); // one dot-atom, no white space inside
            if (localPart) {
                out.add(new Address(trailingComment(), null, localPart(phrase), ""));
            } else {
                out.add(new Address(words(phrase), null, "", ""));
            }
        }

        /** {@code [route ":"] addr-spec ">"} after the '<'. */
        private void angleAddr(List<Address> out, String name) {
            String route = null;
            if (at('@')) {
                StringBuilder r = new StringBuilder();
                while (at('@') || at(',')) {
                    if (at(',')) {
                        r.append(',');
                        pos++;
                        continue;
                    }
                    pos++;
                    r.append('@').append(domain());
                }
                if (at(':')) {
                    pos++;
                }
                route = r.toString();
            }
            List<Token> local = new ArrayList<>();
            while (peek() != null && (peek().isWord() || at('.'))) {
                local.add(peek());
                pos++;
            }
            String domain = "";
            if (at('@')) {
                pos++;
                domain = domain();
            }
            if (at('>')) {
                pos++;
            }
            out.add(new Address(name, route, localPart(local), domain));
        }

        /** {@code display-name ":" [group-list] ";"}: start marker, members, end marker. */
        private void group(List<Address> out, String name) {
            out.add(new Address(null, null, name, null)); // group start marker
            while (peek() != null && !at(';')) {
                if (at(',')) {
                    pos++;
                    continue;
                }
                address(out, true);
            }
            if (at(';')) {
                pos++;
            }
            out.add(GROUP_END);
            skipJunk(false);
        }

        /** The domain: atoms, dots and domain literals, white space and comments dropped. */
        private String domain() {
            StringBuilder d = new StringBuilder();
            while (peek() != null) {
                Token t = peek();
                if (t.kind() == Kind.ATOM || t.kind() == Kind.LITERAL || t.is('.')) {
                    if (d.length() > 0 && t.space() && t.kind() != Kind.LITERAL && !t.is('.')
                            && d.charAt(d.length() - 1) != '.') {
                        break; // "a@b c": a second word after a complete domain is not part of it
                    }
                    d.append(t.text());
                    pos++;
                } else {
                    break;
                }
            }
            return d.toString();
        }

        /** Skips what follows a complete address up to the next separator. */
        private void skipJunk(boolean inGroup) {
            while (peek() != null && !at(',') && !(inGroup && at(';'))) {
                pos++;
            }
        }

        /**
         * The comment right after a bare addr-spec ({@code user@example.org (Real Name)}), which
         * stands in for the missing display name; null when there is none.
         */
        private String trailingComment() {
            Token t = peek();
            if (t == null || !(t.is(',') || t.is(';')) || t.comment() == null) {
                return null;
            }
            String name = t.comment().strip();
            return name.isEmpty() ? null : name;
        }
    }

    /** A local part: words and dots back to back, quoted words unquoted. */
    private static String localPart(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            sb.append(t.text());
        }
        return sb.toString();
    }

    /** A phrase: its words, one space where the source had white space or a comment. */
    private static String words(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            if (sb.length() > 0 && t.space()) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        return sb.toString();
    }
}
