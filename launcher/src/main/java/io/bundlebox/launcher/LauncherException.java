package io.bundlebox.launcher;

/**
 * A reason the launcher cannot go on, phrased for the operator: printed as one line
 * ({@code bundlebox: MESSAGE}) on standard error, and the process exits with status 1.
 */
final class LauncherException extends Exception {

    private static final long serialVersionUID = 1L;

    LauncherException(String message) {
        super(message);
    }
}
