package io.bundlebox.core.internal.mime;

/** Hand-written messages shared by the tests (written with LF, sent as CRLF unless noted). */
final class Fixtures {

    private Fixtures() {}

    /** A multipart with a leaf, an RFC 2231 attachment and a nested multipart message. */
    static final String COMPLEX = """
            From: Alice =?UTF-8?Q?M=C3=BCller?= <alice@example.org>
            To: Bob <bob@example.net>, team: carol@example.com, "Dave D." <dave@example.com>;
            Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from
             the lab
            Date: Mon, 7 Feb 1994 21:52:25 -0800
            Message-ID: <B27397-0100000@example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            preamble
            --outer
            Content-Type: text/plain; charset=us-ascii

            part one
            --outer
            Content-Type: application/octet-stream; name*0=lo; name*1=ng.bin
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename*=iso-8859-1''caf%E9.bin
            Content-Language: en, de
            Content-Location: http://example.org/x.bin

            AAEC/w==
            --outer
            Content-Type: message/rfc822

            From: Carol <carol@example.com>
            Subject: inner
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            caf=C3=A9 =
            au lait
            --inner
            Content-Type: text/html

            <p>hi</p>
            --inner--
            --outer--
            epilogue
            """;
}
