package io.bundlebox.launcher;

/**
 * Chooses how the JDK waits for socket input of virtual threads (one per IMAP connection),
 * before the first such wait. On JDK 22 to 25 the default ("virtual-thread pollers", mode 2)
 * wakes a connection's thread through a virtual poller thread woken by a master poller; mode 1
 * (the JDK 21 default: platform poller threads) wakes it from the poller that saw the input.
 * Measured on the 2-core build machine, 10,000 NOOPs from one client after 20,000 to warm up
 * (bench/README.md, "Big mailbox beside Dovecot"): round trip p50 47-78 µs with mode 1 against
 * 57-88 µs with mode 2 in four A/B pairs (Dovecot: 41-53 µs).
 *
 * <p>{@code jdk.pollerMode} is a JDK implementation property, not a supported option: it is set
 * only on the releases where mode 1 is known to exist, and never over an operator's own
 * {@code -Djdk.pollerMode} (in {@code BUNDLEBOX_JAVA_OPTS}).
 */
public final class SocketPolling {

    static final String PROPERTY = "jdk.pollerMode";

    private SocketPolling() {
    }

    /**
     * Sets {@code jdk.pollerMode=1} on JDK 22 to 25 unless set already. Takes effect only when
     * called before the JVM's first blocking socket operation on a virtual thread.
     */
    public static void chooseDirectWakeUp() {
        int release = Runtime.version().feature();
        if (release >= 22 && release <= 25 && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "1");
        }
    }
}
