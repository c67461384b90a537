package io.bundlebox.imap.api;

import java.util.Objects;

/**
 * A response code: the bracketed part of a status response (RFC 9051 section 7.1), for example
 * {@code [TRYCREATE]} or {@code [APPENDUID 38505 3955]}.
 *
 * @param atom the code's name in upper case, e.g. {@code "TRYCREATE"}
 * @param argument the text after the name as it goes on the wire (already formatted), or
 *     {@code null} when the code has none
 */
public record ResponseCode(String atom, String argument) {

    public static final ResponseCode ALERT = of("ALERT");
    public static final ResponseCode ALREADYEXISTS = of("ALREADYEXISTS");
    public static final ResponseCode AUTHENTICATIONFAILED = of("AUTHENTICATIONFAILED");
    public static final ResponseCode AUTHORIZATIONFAILED = of("AUTHORIZATIONFAILED");
    public static final ResponseCode CANNOT = of("CANNOT");
    public static final ResponseCode CLIENTBUG = of("CLIENTBUG");
    public static final ResponseCode CLOSED = of("CLOSED");
    public static final ResponseCode CONTACTADMIN = of("CONTACTADMIN");
    public static final ResponseCode CORRUPTION = of("CORRUPTION");
    public static final ResponseCode EXPIRED = of("EXPIRED");
    public static final ResponseCode EXPUNGEISSUED = of("EXPUNGEISSUED");
    public static final ResponseCode HASCHILDREN = of("HASCHILDREN");
    public static final ResponseCode INUSE = of("INUSE");
    public static final ResponseCode LIMIT = of("LIMIT");
    public static final ResponseCode NONEXISTENT = of("NONEXISTENT");
    public static final ResponseCode NOPERM = of("NOPERM");
    public static final ResponseCode OVERQUOTA = of("OVERQUOTA");
    public static final ResponseCode PARSE = of("PARSE");
    public static final ResponseCode PRIVACYREQUIRED = of("PRIVACYREQUIRED");
    public static final ResponseCode READ_ONLY = of("READ-ONLY");
    public static final ResponseCode READ_WRITE = of("READ-WRITE");
    public static final ResponseCode SERVERBUG = of("SERVERBUG");
    public static final ResponseCode TRYCREATE = of("TRYCREATE");
    public static final ResponseCode UIDNOTSTICKY = of("UIDNOTSTICKY");
    public static final ResponseCode UNAVAILABLE = of("UNAVAILABLE");
    public static final ResponseCode UNKNOWN_CTE = of("UNKNOWN-CTE");
    public static final ResponseCode NOTSAVED = of("NOTSAVED");

    public ResponseCode {
        Objects.requireNonNull(atom, "atom");
    }

    /** A code without argument. */
    public static ResponseCode of(String atom) {
        return new ResponseCode(atom, null);
    }

    /** A code with an argument that is already in wire form. */
    public static ResponseCode of(String atom, String argument) {
        return new ResponseCode(atom, argument);
    }

    /** {@code [UIDVALIDITY n]} (RFC 9051 section 7.1). */
    public static ResponseCode uidValidity(long uidValidity) {
        return of("UIDVALIDITY", Long.toString(uidValidity));
    }

    /** {@code [UIDNEXT n]} (RFC 9051 section 7.1). */
    public static ResponseCode uidNext(long uidNext) {
        return of("UIDNEXT", Long.toString(uidNext));
    }

    /** {@code [APPENDUID uidvalidity uid-set]} (RFC 9051 section 7.1, RFC 4315). */
    public static ResponseCode appendUid(long uidValidity, String uidSet) {
        return of("APPENDUID", uidValidity + " " + uidSet);
    }

    /** {@code [COPYUID uidvalidity source-uids destination-uids]} (RFC 9051 section 7.1, RFC 4315). */
    public static ResponseCode copyUid(long uidValidity, String sourceUids, String destinationUids) {
        return of("COPYUID", uidValidity + " " + sourceUids + " " + destinationUids);
    }

    /** The code as it goes between the brackets, e.g. {@code UIDNEXT 4392}. */
    @Override
    public String toString() {
        return argument == null ? atom : atom + " " + argument;
    }
}
