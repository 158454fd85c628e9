#!/usr/bin/python3
"""A SIP device on one TCP connection, for a test that runs it behind a NAT (NatTraversalIT).

Registers USER@DOMAIN at HOST:PORT over TCP and prints "registered STATUS"; then keeps the
connection, answers every INVITE that arrives on it with 486 Busy Here and prints
"invite CALL-ID". Exits when the connection closes or after LIFETIME seconds. Standard library only.
    tcp-device.py HOST PORT USER DOMAIN LIFETIME
"""
import socket
import sys
import time

host, port, user, domain, lifetime = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
deadline = time.monotonic() + lifetime
conn = socket.create_connection((host, port), timeout=5)
local_ip, local_port = conn.getsockname()[:2]
buffer = b""


def send(text):
    conn.sendall(text.replace("\n", "\r\n").encode("ascii"))


def next_message():
    """The next message on the connection (Content-Length framing), or None when it closed."""
    global buffer
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end >= 0:
            head = buffer[:end].decode("ascii", "replace")
            length = 0
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() in ("content-length", "l"):
                    length = int(value.strip())
            if len(buffer) >= end + 4 + length:
                buffer = buffer[end + 4 + length:]
                return head
        conn.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            chunk = conn.recv(65536)
        except socket.timeout:
            return None
        if not chunk:
            return None
        buffer += chunk


def headers(head, name):
    return [line for line in head.split("\r\n")[1:] if line.split(":", 1)[0].strip().lower() == name]


send(f"""REGISTER sip:{host}:{port};transport=tcp SIP/2.0
Via: SIP/2.0/TCP {local_ip}:{local_port};branch=z9hG4bK-reg-{local_port};rport
Max-Forwards: 70
From: <sip:{user}@{domain}>;tag=dev-{local_port}
To: <sip:{user}@{domain}>
Call-ID: tcp-device-{user}-{local_port}
CSeq: 1 REGISTER
Contact: <sip:{user}@{local_ip}:{local_port};transport=tcp>
Expires: 120
Content-Length: 0

""")
while True:
    head = next_message()
    if head is None:
        print("closed before the answer", flush=True)
        sys.exit(1)
    status = head.split(" ")[1]
    if head.startswith("SIP/2.0 ") and int(status) >= 200:
        print("registered " + status, flush=True)
        break

while time.monotonic() < deadline:
    head = next_message()
    if head is None:
        break
    if head.startswith("INVITE "):
        call_id = headers(head, "call-id")[0].split(":", 1)[1].strip()
        print("invite " + call_id, flush=True)
        to = headers(head, "to")[0] + ";tag=busy-" + str(local_port)
        answer = ["SIP/2.0 486 Busy Here"] + headers(head, "via") + headers(head, "from") + [to] \
            + headers(head, "call-id") + headers(head, "cseq") + ["Content-Length: 0", "", ""]
        conn.sendall("\r\n".join(answer).encode("ascii"))
print("closed", flush=True)
