"""Python imaplib's quota calls against Bundlebox (run by QuotaClientsTest).

Usage: imaplib_quota.py PORT USER PASSWORD
Prints what getquotaroot and getquota answered, then the result of an APPEND over the limit.
"""
import imaplib
import sys

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
imap = imaplib.IMAP4("127.0.0.1", port)
imap.login(user, password)
typ, data = imap.getquotaroot("INBOX")
print("getquotaroot:", typ, data)
typ, data = imap.getquota('""')
print("getquota:", typ, data)
typ, data = imap.append("INBOX", None, None, b"Subject: one too many\r\n\r\n" + b"x" * 4096 + b"\r\n")
print("append:", typ, data)
imap.logout()
