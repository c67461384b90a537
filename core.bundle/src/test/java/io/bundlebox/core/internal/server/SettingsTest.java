package io.bundlebox.core.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import io.bundlebox.core.internal.command.SpecialMailboxes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The security keys of io.bundlebox.server: defaults an operator gets, and values refused with a reason. */
class SettingsTest {

    private static ImapServer.Settings settings(Map<String, Object> config, Map<String, String> framework) {
        return ImapServer.Settings.from(config, framework::get);
    }

    @Test
    void defaults() throws Exception {
        ImapServer.Settings s = settings(Map.of(), Map.of("bundlebox.home", "/srv/bb"));
        assertEquals("", s.imaps(), "no implicit-TLS listener unless asked for");
        assertEquals(Path.of("/srv/bb/conf/tls/cert.pem"), s.tlsCert());
        assertEquals(Path.of("/srv/bb/conf/tls/key.pem"), s.tlsKey());
        assertFalse(s.allowPlaintext());
        assertTrue(s.trustedNetworks().contains(InetAddress.getByName("127.0.0.1")));
        assertFalse(s.trustedNetworks().contains(InetAddress.getByName("192.0.2.1")));
        assertEquals(Limits.DEFAULT, s.limits());
    }

    /** mailboxes.special (issue 9 item 9): the four of RFC 6154 by default, configurable, blank for none. */
    @Test
    void specialMailboxes() {
        assertEquals(List.of(new SpecialMailboxes.Wanted("Drafts", "\\Drafts"), new SpecialMailboxes.Wanted("Sent", "\\Sent"),
                new SpecialMailboxes.Wanted("Trash", "\\Trash"), new SpecialMailboxes.Wanted("Junk", "\\Junk")),
                settings(Map.of(), Map.of()).specialMailboxes());
        assertEquals(List.of(new SpecialMailboxes.Wanted("Gesendet", "\\Sent")),
                settings(Map.of("mailboxes.special", " Gesendet = \\sent "), Map.of()).specialMailboxes());
        assertEquals(List.of(), settings(Map.of("mailboxes.special", ""), Map.of()).specialMailboxes());
        assertEquals(List.of(), settings(Map.of(), Map.of("bundlebox.mailboxes.special", "")).specialMailboxes());
        for (String bad : List.of("Sent", "Sent=\\Bogus", "=\\Sent", "INBOX=\\Sent", "All=\\All")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(Map.of("mailboxes.special", bad), Map.of()), bad);
            assertTrue(e.getMessage().contains("mailboxes.special"), e.getMessage());
        }
    }

    @Test
    void imapsFromConfigOrFrameworkProperty() {
        assertEquals("127.0.0.1:1993", settings(Map.of(), Map.of("bundlebox.imaps", "127.0.0.1:1993")).imaps());
        assertEquals("0.0.0.0:993", settings(Map.of("imaps", "0.0.0.0:993"), Map.of("bundlebox.imaps", "127.0.0.1:1993")).imaps());
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("imaps", "nowhere"), Map.of()));
    }

    @Test
    void autologoutBelowThirtyMinutesNeedsTheExplicitSwitch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("timeout.autologout.seconds", "60"), Map.of()));
        assertTrue(e.getMessage().contains("timeout.autologout.seconds"), e.getMessage());
        ImapServer.Settings s = settings(Map.of("timeout.autologout.seconds", "60", "timeout.autologout.allow.short", "true"), Map.of());
        assertEquals(60_000, s.limits().autologoutMillis());
    }

    @Test
    void badSecurityValuesAreRefusedNamingTheKey() {
        for (Map<String, Object> bad : new Map[] {Map.of("auth.trusted.networks", "10.0.0.0/99"),
            Map.of("auth.allow.plaintext", "yes"), Map.of("limit.connections", "0"), Map.of("auth.delay.max.ms", "-1")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(bad, Map.of()));
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }
}
