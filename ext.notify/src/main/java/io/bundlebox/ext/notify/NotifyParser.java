package io.bundlebox.ext.notify;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.FetchItems;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the arguments of {@code NOTIFY} as RFC 5465 section 8 writes them, then checks the
 * rules of sections 5 and 6.1: syntax and rule errors are BAD; events this server does not
 * report are NO {@code [BADEVENT (supported events)]} (section 3.1).
 */
final class NotifyParser {

    private NotifyParser() {
    }

    /** {@code SP (notify-set / notify-none) CRLF}. */
    static NotifyRequest parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        String form = in.atom().toUpperCase(Locale.ROOT);
        if (form.equals("NONE")) {
            in.crlf();
            return new NotifyRequest(true, false, null, List.of());
        }
        if (!form.equals("SET")) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected SET or NONE");
        }
        in.sp();
        boolean status = false;
        if (!in.peekIs('(')) {
            if (!in.atom().equalsIgnoreCase("STATUS")) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected STATUS or an event group");
            }
            status = true;
            in.sp();
        }
        NotifyRequest.Selected selected = null;
        List<NotifyRequest.Group> groups = new ArrayList<>();
        Set<Event> unsupported = EnumSet.noneOf(Event.class);
        boolean unknownEvent = false;
        do {
            in.expect('(');
            String filter = in.atom().toUpperCase(Locale.ROOT);
            in.sp();
            boolean isSelected = filter.equals("SELECTED") || filter.equals("SELECTED-DELAYED");
            List<String> names = List.of();
            NotifyRequest.Filter other = null;
            if (!isSelected) {
                other = switch (filter) {
                    case "INBOXES" -> NotifyRequest.Filter.INBOXES;
                    case "PERSONAL" -> NotifyRequest.Filter.PERSONAL;
                    case "SUBSCRIBED" -> NotifyRequest.Filter.SUBSCRIBED;
                    case "SUBTREE" -> NotifyRequest.Filter.SUBTREE;
                    case "MAILBOXES" -> NotifyRequest.Filter.MAILBOXES;
                    default -> throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown mailbox filter " + filter);
                };
                if (other == NotifyRequest.Filter.SUBTREE || other == NotifyRequest.Filter.MAILBOXES) {
                    names = mailboxes(in);
                    in.sp();
                }
            }
            Set<Event> events = EnumSet.noneOf(Event.class);
            FetchItems fetch = null;
            if (in.peekIs('(')) {
                in.expect('(');
                do {
                    String atom = in.atom();
                    Event e = Event.named(atom);
                    if (e == null) {
                        unknownEvent = true;
                    } else {
                        events.add(e);
                        if (!e.supported) {
                            unsupported.add(e);
                        }
                    }
                    if (e == Event.MESSAGE_NEW && in.skipIf(' ')) {
                        if (in.peekIs('(')) {
                            if (!isSelected) {
                                throw ImapException.bad(ResponseCode.CLIENTBUG,
                                        "MessageNew fetch attributes are allowed with SELECTED only");
                            }
                            fetch = session.parseFetchItems(in);
                            if (!in.skipIf(' ')) {
                                break;
                            }
                        }
                        continue;
                    }
                    if (!in.skipIf(' ')) {
                        break;
                    }
                } while (true);
                in.expect(')');
            } else if (!in.atom().equalsIgnoreCase("NONE")) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a list of events or NONE");
            }
            in.expect(')');
            check(events, isSelected);
            if (isSelected) {
                if (selected != null) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Only one of SELECTED and SELECTED-DELAYED may be given");
                }
                selected = new NotifyRequest.Selected(filter.equals("SELECTED-DELAYED"), events, fetch);
            } else {
                groups.add(new NotifyRequest.Group(other, names, events));
            }
        } while (in.skipIf(' '));
        in.crlf();
        if (unknownEvent || !unsupported.isEmpty()) {
            throw ImapException.no(ResponseCode.of("BADEVENT", Event.supportedList()), "Unsupported NOTIFY event");
        }
        return new NotifyRequest(false, status, selected, groups);
    }

    /** {@code one-or-more-mailbox = mailbox / "(" mailbox *(SP mailbox) ")"}. */
    private static List<String> mailboxes(ImapReader in) throws IOException, ImapException {
        List<String> names = new ArrayList<>();
        if (in.skipIf('(')) {
            do {
                names.add(in.mailbox());
            } while (in.skipIf(' '));
            in.expect(')');
        } else {
            names.add(in.mailbox());
        }
        return names;
    }

    /** Section 5: MessageNew and MessageExpunge together, and with FlagChange or AnnotationChange; section 6.1: SELECTED takes message events only. */
    private static void check(Set<Event> events, boolean selected) throws ImapException {
        if (events.contains(Event.MESSAGE_NEW) != events.contains(Event.MESSAGE_EXPUNGE)) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "MessageNew and MessageExpunge must be given together");
        }
        if ((events.contains(Event.FLAG_CHANGE) || events.contains(Event.ANNOTATION_CHANGE))
                && !events.contains(Event.MESSAGE_NEW)) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "FlagChange and AnnotationChange need MessageNew and MessageExpunge");
        }
        if (selected && events.stream().anyMatch(e -> !e.messageEvent)) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "SELECTED takes message events only");
        }
    }
}
