package io.bundlebox.core.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** auth.trusted.networks matching and the failed-authentication delay schedule. */
class NetworksAndThrottleTest {

    @Test
    void defaultTrustedNetworksAreLoopbackOnly() throws Exception {
        Networks n = Networks.parse("127.0.0.0/8,::1");
        assertTrue(n.contains(InetAddress.getByName("127.0.0.1")));
        assertTrue(n.contains(InetAddress.getByName("127.9.8.7")));
        assertTrue(n.contains(InetAddress.getByName("::1")));
        assertFalse(n.contains(InetAddress.getByName("128.0.0.1")));
        assertFalse(n.contains(InetAddress.getByName("10.0.0.1")));
        assertFalse(n.contains(InetAddress.getByName("::2")));
    }

    @Test
    void prefixesNotOnOctetBoundaries() throws Exception {
        Networks n = Networks.parse("192.168.4.0/22, 10.1.2.3");
        assertTrue(n.contains(InetAddress.getByName("192.168.7.255")));
        assertFalse(n.contains(InetAddress.getByName("192.168.8.0")));
        assertTrue(n.contains(InetAddress.getByName("10.1.2.3")));
        assertFalse(n.contains(InetAddress.getByName("10.1.2.4")));
        assertFalse(Networks.parse("").contains(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void badEntriesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Networks.parse("127.0.0.0/8,example.com"));
        assertTrue(e.getMessage().contains("example.com"));
        assertThrows(IllegalArgumentException.class, () -> Networks.parse("10.0.0.0/33"));
    }

    @Test
    void delayDoublesPerAddressAndUserUpToTheMaximumAndResetsOnSuccess() throws Exception {
        AuthThrottle t = new AuthThrottle(10, 80);
        assertEquals(10, t.acquire("192.0.2.1", "alice").failed());
        assertEquals(20, t.acquire("192.0.2.1", "alice").failed());
        assertEquals(40, t.acquire("192.0.2.1", "bob").failed());
        // another address guessing alice's password is slowed by alice's count
        assertEquals(40, t.acquire("198.51.100.7", "alice").failed());
        for (int i = 0; i < 10; i++) {
            t.acquire("192.0.2.1", null).failed();
        }
        assertEquals(80, t.acquire("192.0.2.1", null).failed());
        t.acquire("192.0.2.1", "alice").succeeded();
        assertEquals(10, t.acquire("192.0.2.1", "carol").failed());
    }

    @Test
    void oneAttemptPerUserAndAddressIsDecidedAtATimeAcrossConnections() throws Exception {
        AuthThrottle t = new AuthThrottle(10, 50);
        AuthThrottle.Permit first = t.acquire("192.0.2.1", "alice");
        // alice from another address, and anyone from this address, wait for it and give up after the maximum
        assertEquals(null, t.acquire("198.51.100.7", "alice"));
        assertEquals(null, t.acquire("192.0.2.1", "bob"));
        // another user from another address goes on at once
        AuthThrottle.Permit other = t.acquire("203.0.113.5", "carol");
        other.succeeded();
        first.release();
        t.acquire("198.51.100.7", "alice").succeeded();
    }

    @Test
    void anAttemptThatCameDuringACheckWaitsOutTheDelayItsFailureSets() throws Exception {
        AuthThrottle t = new AuthThrottle(300, 300);
        AuthThrottle.Permit guess = t.acquire("192.0.2.1", "target");
        CompletableFuture<AuthThrottle.Permit> alice = new CompletableFuture<>();
        Thread aliceThread = Thread.ofPlatform().start(() -> {
            try {
                alice.complete(t.acquire("192.0.2.1", "alice"));
            } catch (Throwable e) {
                alice.completeExceptionally(e);
            }
        });
        // alice waits while the guess is checked: her thread parks in acquire
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (aliceThread.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "alice's attempt did not start waiting");
            Thread.onSpinWait();
        }
        assertEquals(300, guess.failed());
        // the delay ends 300 ms after the failure, past 300 ms after alice came: she still gets her turn
        AuthThrottle.Permit permit = alice.get(5, TimeUnit.SECONDS);
        assertNotNull(permit, "alice was refused instead of waiting out the guesser's delay");
        permit.succeeded();
    }

    @Test
    void keysCanBeSwitchedOff() throws Exception {
        AuthThrottle t = new AuthThrottle(10, 50);
        t.keys(true, false);
        AuthThrottle.Permit first = t.acquire("192.0.2.1", "alice");
        t.acquire("192.0.2.1", "bob").succeeded(); // the address alone does not hold it any more
        first.release();
    }
}
