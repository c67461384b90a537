"""Logs in with Python's imaplib over implicit TLS (IMAP4_SSL) and over STARTTLS, trusting only
the server's self-signed certificate. Usage: imaplib_tls.py IMAPS_PORT IMAP_PORT CERT USER PASSWORD"""
import imaplib
import ssl
import sys

imaps_port, imap_port, cert, user, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
ctx = ssl.create_default_context(cafile=cert)  # verifies the chain and the name 127.0.0.1

with imaplib.IMAP4_SSL("127.0.0.1", imaps_port, ssl_context=ctx) as m:
    assert m.sock.version() in ("TLSv1.3", "TLSv1.2"), m.sock.version()
    assert "STARTTLS" not in m.capabilities, m.capabilities
    m.login(user, password)
    typ, data = m.select("INBOX")
    assert typ == "OK", (typ, data)

with imaplib.IMAP4("127.0.0.1", imap_port) as m:
    assert "STARTTLS" in m.capabilities, m.capabilities
    m.starttls(ssl_context=ctx)
    assert "STARTTLS" not in m.capabilities, m.capabilities
    m.login(user, password)
    typ, data = m.select("INBOX")
    assert typ == "OK", (typ, data)

print("imaplib tls: all steps passed")
