package io.bundlebox.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 5322 address lists as ENVELOPE shows them (RFC 9051 section 7.5.2): each row is a field
 * body and the addresses as {@code name|adl|mailbox|host} ({@code ~} for NIL), groups as
 * {@code group:NAME} ... {@code ;}. Where Dovecot 2.3 answers differently the row says why this
 * answer follows the RFC.
 */
class AddressesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '!', quoteCharacter = '`', textBlock = """
            Alice <alice@example.org>                                    ! Alice|~|alice|example.org
            alice@example.org                                            ! ~|~|alice|example.org
            # RFC 5322 3.2.4: quoted-pairs unescaped, quotes taken off
            `"Koyel Das \\(Vehere\\) via USRP-users" <usrp-users@lists.ettus.com>` ! Koyel Das (Vehere) via USRP-users|~|usrp-users|lists.ettus.com
            `"Joe Q. Public" <john.q.public@example.com>`                ! Joe Q. Public|~|john.q.public|example.com
            # a comment after a bare addr-spec is the name (as Dovecot and Cyrus show it)
            barry@digicool.com (Barry A. Warsaw)                         ! Barry A. Warsaw|~|barry|digicool.com
            # comments and white space inside an address are not part of it (RFC 5322 3.2.2, 4.4)
            <user-from (comment)@ (comment) domain.org>                  ! ~|~|user-from|domain.org
            Pete(A nice \\) chap) <pete(his account)@silly.test(his host)> ! Pete|~|pete|silly.test
            # runs of white space between phrase words are one space (RFC 5322 3.2.2)
            Investment   Corporate <x@example.org>                       ! Investment Corporate|~|x|example.org
            John X. Doe <jdoe@machine.example>                           ! John X. Doe|~|jdoe|machine.example
            # groups (RFC 5322 3.4), also empty, and an obsolete source route (RFC 5322 4.4)
            A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>; ! group:A Group / Ed Jones|~|c|a.test / ~|~|joe|where.test / John|~|jdoe|one.test / ;
            undisclosed-recipients:;                                     ! group:undisclosed-recipients / ;
            <@machine.tld,@relay.tld:mary@example.net>                   ! ~|@machine.tld,@relay.tld|mary|example.net
            `"Mary Smith: Personal Account" <smith@home.example>, a@b.c` ! Mary Smith: Personal Account|~|smith|home.example / ~|~|a|b.c
            # encoded words stay as they are (RFC 9051 7.5.2)
            =?UTF-8?Q?Stanislav_Kov=C3=A1=C4=8D?= <s@example.org>         ! =?UTF-8?Q?Stanislav_Kov=C3=A1=C4=8D?=|~|s|example.org
            # malformed input, read as Dovecot reads it; "" where Dovecot writes MISSING_MAILBOX / MISSING_DOMAIN
            foo                                                          ! ~|~|foo|
            `"Drew Fossum"`                                              ! Drew Fossum|~||
            MAILER DAEMON <>                                             ! MAILER DAEMON|~||
            test1@local>                                                 ! ~|~|test1|local
            tim@powerupdev.com concierge@powerupdev.com                  ! ~|~|tim|powerupdev.com
            `a@b.c,, ,d@e.f`                                             ! ~|~|a|b.c / ~|~|d|e.f
            # quoted content is kept as sent (RFC 5322 3.2.4); Dovecot trims it to "via RT"
            `" via RT" <rt@example.org>`                                 ! ` via RT|~|rt|example.org`
            """)
    void addressLists(String field, String expected) {
        assertEquals(expected, Addresses.parse(field).stream().map(AddressesTest::show)
                .collect(Collectors.joining(" / ")));
    }

    private static String show(Address a) {
        if (a.isGroupMarker()) {
            return a.mailbox() == null ? ";" : "group:" + a.mailbox();
        }
        return nil(a.name()) + "|" + nil(a.route()) + "|" + a.mailbox() + "|" + a.host();
    }

    private static String nil(String s) {
        return s == null ? "~" : s;
    }

    @org.junit.jupiter.api.Test
    void blankAndNullGiveNothing() {
        assertEquals(List.of(), Addresses.parse(null));
        assertEquals(List.of(), Addresses.parse("  "));
        assertEquals(List.of(), Addresses.parse(", ,"));
    }
}
