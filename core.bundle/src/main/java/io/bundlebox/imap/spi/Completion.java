package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ResponseCode;

/**
 * How a command ended, returned by {@link CommandHandler#handle}; the dispatcher writes the
 * tagged status response (RFC 9051 section 7.1) after any pending untagged responses.
 *
 * @param condition OK, NO or BAD
 * @param code the response code, or null
 * @param text human-readable text, or null for a default
 */
public record Completion(Condition condition, ResponseCode code, String text) {

    /** The condition of a tagged response. */
    public enum Condition { OK, NO, BAD }

    /** {@code OK} without code. */
    public static Completion ok() {
        return new Completion(Condition.OK, null, null);
    }

    /** {@code OK} with text. */
    public static Completion ok(String text) {
        return new Completion(Condition.OK, null, text);
    }

    /** {@code OK [code] text}. */
    public static Completion ok(ResponseCode code, String text) {
        return new Completion(Condition.OK, code, text);
    }

    /** {@code NO [code] text}. */
    public static Completion no(ResponseCode code, String text) {
        return new Completion(Condition.NO, code, text);
    }
}
