package io.bundlebox.core.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
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
    void delayDoublesPerAddressAndUserUpToTheMaximumAndResetsOnSuccess() {
        AuthThrottle t = new AuthThrottle(500, 15_000);
        assertEquals(500, t.failed("192.0.2.1", "alice"));
        assertEquals(1000, t.failed("192.0.2.1", "alice"));
        assertEquals(2000, t.failed("192.0.2.1", "bob"));
        // another address guessing alice's password is slowed by alice's count
        assertEquals(2000, t.failed("198.51.100.7", "alice"));
        for (int i = 0; i < 40; i++) {
            t.failed("192.0.2.1", null);
        }
        assertEquals(15_000, t.failed("192.0.2.1", null));
        t.succeeded("192.0.2.1", "alice");
        assertEquals(500, t.failed("192.0.2.1", "carol"));
    }
}
