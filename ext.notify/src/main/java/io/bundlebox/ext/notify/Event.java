package io.bundlebox.ext.notify;

import java.util.Locale;

/** The event names of RFC 5465 section 8 ({@code message-event}, {@code mailbox-event}, {@code user-event}). */
enum Event {
    MESSAGE_NEW("MessageNew", true, true),
    MESSAGE_EXPUNGE("MessageExpunge", true, true),
    FLAG_CHANGE("FlagChange", true, true),
    ANNOTATION_CHANGE("AnnotationChange", true, false),
    MAILBOX_NAME("MailboxName", false, true),
    SUBSCRIPTION_CHANGE("SubscriptionChange", false, true),
    MAILBOX_METADATA_CHANGE("MailboxMetadataChange", false, false),
    SERVER_METADATA_CHANGE("ServerMetadataChange", false, false);

    /** The name as RFC 5465 spells it (matched case-insensitively). */
    final String rfcName;
    /** A {@code message-event}: allowed with SELECTED and SELECTED-DELAYED. */
    final boolean messageEvent;
    /** Whether this server reports it; the others are refused with {@code BADEVENT}. */
    final boolean supported;

    Event(String rfcName, boolean messageEvent, boolean supported) {
        this.rfcName = rfcName;
        this.messageEvent = messageEvent;
        this.supported = supported;
    }

    /** The event named {@code atom}, or null for an extension event ({@code event-ext}) this server does not know. */
    static Event named(String atom) {
        for (Event e : values()) {
            if (e.rfcName.toUpperCase(Locale.ROOT).equals(atom.toUpperCase(Locale.ROOT))) {
                return e;
            }
        }
        return null;
    }

    /** {@code (MessageNew MessageExpunge ...)}: the events this server supports, for {@code BADEVENT}. */
    static String supportedList() {
        StringBuilder sb = new StringBuilder("(");
        for (Event e : values()) {
            if (e.supported) {
                sb.append(sb.length() > 1 ? " " : "").append(e.rfcName);
            }
        }
        return sb.append(')').toString();
    }
}
