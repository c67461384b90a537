package io.bundlebox.core.internal.auth;

/**
 * Where the SASL mechanisms and LOGIN check a user's secret: one users file, or the router that
 * picks the users file of the tenant a login name belongs to.
 */
public interface Credentials {

    /**
     * @param user the login name as given by the client
     * @param password the cleartext password
     * @return true when the user exists and the password matches its stored hash
     */
    boolean verify(String user, String password);

    /** The SCRAM-SHA-256 credentials of {@code user} (RFC 7677), or null when it has none usable. */
    ScramCredentials scramCredentials(String user);
}
