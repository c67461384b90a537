#!/usr/bin/env python3
"""Round trip of one small IMAP command at a time, two servers A/B, as a non-Java client sees it.

Usage: roundtrip.py PORT_A PORT_B USER PASSWORD [ROUNDS]
Both servers on 127.0.0.1. Both servers get ROUNDS warm-up commands of each of NOOP,
STATUS INBOX (5 items) and SELECT INBOX; then, per command, blocks of 1,000 timed ones
alternate A, B, A, B until each has ROUNDS. A line per command: p50 and p10 in microseconds and the ratio B/A of
the p50s (above 1: A faster). Every answer must be tagged OK, or the script stops with the line.
Per server two plain sockets: SELECT is repeated on one that has INBOX selected; NOOP and STATUS
go to the other, which has nothing selected. TCP_NODELAY, one send per command, responses read
line by line.
"""
import socket
import sys
import time

COMMANDS = [b"NOOP", b"STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)", b"SELECT INBOX"]


class Client:
    def __init__(self, port, user, password):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.lines = self.sock.makefile("rb")
        self.lines.readline()  # greeting
        self.tag = 0
        self.run(b"LOGIN " + user.encode() + b" " + password.encode())

    def run(self, command):
        """Sends one command, reads to its tagged answer; returns the seconds it took."""
        self.tag += 1
        tag = b"t%d " % self.tag
        start = time.perf_counter()
        self.sock.sendall(tag + command + b"\r\n")
        while True:
            line = self.lines.readline()
            if not line:
                sys.exit("connection closed after " + command.decode())
            if line.startswith(tag):
                took = time.perf_counter() - start
                if not line.startswith(tag + b"OK"):
                    sys.exit("not OK: " + line.decode(errors="replace").strip())
                return took


def main():
    port_a, port_b, user, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 10_000
    # per server: one connection with INBOX selected (SELECT is repeated on it), one that is not
    # (NOOP, and STATUS "from a second connection" as ImapMailboxBench asks it)
    selecting = {port: Client(port, user, password) for port in (port_a, port_b)}
    asking = {port: Client(port, user, password) for port in (port_a, port_b)}
    for c in selecting.values():
        c.run(b"SELECT INBOX")
    for command in COMMANDS:  # warm-up of all first: the JIT compiles what the commands share
        for port in (port_a, port_b):
            c = selecting[port] if command.startswith(b"SELECT") else asking[port]
            for _ in range(rounds):
                c.run(command)
    for command in COMMANDS:
        pick = selecting if command.startswith(b"SELECT") else asking
        a, b = pick[port_a], pick[port_b]
        times = {a: [], b: []}
        while len(times[b]) < rounds:
            for c in (a, b):
                times[c].extend(c.run(command) for _ in range(min(1000, rounds - len(times[c]))))
        p = {c: sorted(t) for c, t in times.items()}
        p50a, p50b = p[a][rounds // 2] * 1e6, p[b][rounds // 2] * 1e6
        print("%-12s A p50 %6.1f us p10 %6.1f | B p50 %6.1f us p10 %6.1f | B/A %.2f" % (
            command.decode().split(" ")[0], p50a, p[a][rounds // 10] * 1e6, p50b, p[b][rounds // 10] * 1e6, p50b / p50a))


if __name__ == "__main__":
    main()
