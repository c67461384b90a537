"""A new user's first session with Python's imaplib (run by RealClientsIT).

Usage: imaplib_session.py PORT USER PASSWORD
Prints one line per step; exits non-zero with the failing step on any surprise.
"""
import imaplib
import sys

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
message = (b"From: Py <py@example.org>\r\nTo: You <you@example.org>\r\n"
           b"Subject: imaplib check\r\nMessage-ID: <imaplib@example.org>\r\n\r\n"
           b"Written by imaplib, fetched back intact.\r\n")


def check(step, result, expected="OK"):
    typ, data = result
    if typ != expected:
        sys.exit(f"{step}: {typ} {data}")
    print(f"{step}: {typ}")
    return data


imap = imaplib.IMAP4("127.0.0.1", port)
check("login", imap.login(user, password))
check("create", imap.create("Python"))
check("append", imap.append("Python", r"(\Draft)", None, message))
data = check("select", imap.select("Python"))
if data != [b"1"]:
    sys.exit(f"select: expected 1 message, got {data}")
data = check("fetch", imap.fetch("1", "(BODY.PEEK[])"))
if data[0][1] != message:
    sys.exit(f"fetch: body differs: {data[0][1]!r}")
data = check("search", imap.search(None, "SUBJECT", '"imaplib check"'))
if data != [b"1"]:
    sys.exit(f"search: expected [b'1'], got {data}")
data = check("store", imap.store("1", "+FLAGS", r"(\Flagged \Deleted)"))
if b"\\Flagged" not in data[0]:
    sys.exit(f"store: no \\Flagged in {data}")
data = check("expunge", imap.expunge())
if data != [b"1"]:
    sys.exit(f"expunge: expected [b'1'], got {data}")
data = check("search-after", imap.search(None, "ALL"))
if data != [b""]:
    sys.exit(f"search-after: expected no messages, got {data}")
check("logout", imap.logout(), "BYE")
print("imaplib: all steps passed")
