"""A packet delayer for kernels without ``sch_netem``: runs inside a helper container that
shares the target's network namespace, queues the service's incoming packets with NFQUEUE and
releases each one after ``delay`` (+/- jitter) milliseconds.

Standalone on purpose (only the standard library; gameday runs it with ``python3 -c``): the
helper image has python3 and iptables, nothing of gameday. The iptables rule uses
``--queue-bypass``, so if this process dies (``kill -9``, the container removed) packets flow
again instead of being dropped; on SIGTERM it removes its rule and releases every held packet.

usage: python3 -c SOURCE QUEUE_NUM DELAY_MS JITTER_MS DEVICE COMMENT
"""

from __future__ import annotations

import heapq
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
MSG_PACKET, MSG_VERDICT, MSG_CONFIG = 0, 1, 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
CFG_CMD, CFG_PARAMS, CFG_QUEUE_MAXLEN, CFG_MASK, CFG_FLAGS = 1, 2, 3, 4, 5
CMD_BIND = 1
COPY_META = 1
F_FAIL_OPEN = 1
PACKET_HDR, VERDICT_HDR = 1, 2
NF_ACCEPT = 1


def _attr(kind: int, payload: bytes) -> bytes:
    n = 4 + len(payload)
    return struct.pack("=HH", n, kind) + payload + b"\0" * ((4 - n % 4) % 4)


def _msg(mtype: int, queue: int, attrs: Sequence[bytes], flags: int = NLM_F_REQUEST) -> bytes:
    body = struct.pack("!BBH", socket.AF_UNSPEC, 0, queue) + b"".join(attrs)
    head = struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | mtype, flags, 0, 0)
    return head + body


def _config(sock: socket.socket, queue: int, attrs: Sequence[bytes]) -> None:
    sock.send(_msg(MSG_CONFIG, queue, attrs, NLM_F_REQUEST | NLM_F_ACK))
    data = sock.recv(65536)
    kind = struct.unpack_from("=H", data, 4)[0]
    if kind == NLMSG_ERROR:
        err: int = struct.unpack_from("=i", data, 16)[0]
        if err:
            raise OSError(-err, f"nfqueue config failed: errno {-err}")


def _packet_ids(data: bytes) -> Iterator[int]:
    """Packet ids of every NFQUEUE packet message in one netlink datagram."""
    off = 0
    while off + 16 <= len(data):
        length, kind = struct.unpack_from("=IH", data, off)
        if length < 16:
            break
        if kind == (NFNL_SUBSYS_QUEUE << 8) | MSG_PACKET:
            a = off + 20  # nlmsghdr (16) + nfgenmsg (4)
            while a + 4 <= off + length:
                alen, akind = struct.unpack_from("=HH", data, a)
                if alen < 4:
                    break
                if akind & 0x7FFF == PACKET_HDR:
                    yield struct.unpack_from("!I", data, a + 4)[0]
                a += (alen + 3) & ~3
        off += (length + 3) & ~3


def _iptables(
    action: str, device: str, queue: int, comment: str
) -> subprocess.CompletedProcess[str]:
    rule = ["INPUT", "-i", device, "-m", "comment", "--comment", comment,
            "-j", "NFQUEUE", "--queue-num", str(queue), "--queue-bypass"]  # fmt: skip
    return subprocess.run(["iptables", "-w", action, *rule], capture_output=True, text=True)


def main(argv: Sequence[str]) -> int:
    queue, delay_ms, jitter_ms = int(argv[0]), float(argv[1]), float(argv[2])
    device, comment = argv[3], argv[4]
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind((0, 0))
    _config(sock, queue, [_attr(CFG_CMD, struct.pack("!BxH", CMD_BIND, 0))])
    _config(sock, queue, [_attr(CFG_PARAMS, struct.pack("!IB", 0, COPY_META))])
    _config(sock, queue, [_attr(CFG_QUEUE_MAXLEN, struct.pack("!I", 16384))])
    _config(
        sock,
        queue,
        [
            _attr(CFG_MASK, struct.pack("!I", F_FAIL_OPEN)),
            _attr(CFG_FLAGS, struct.pack("!I", F_FAIL_OPEN)),
        ],
    )
    added = _iptables("-I", device, queue, comment)
    if added.returncode != 0:
        print("iptables failed: " + added.stderr.strip(), flush=True)
        return 2
    print("delaying", flush=True)

    held: list[tuple[float, int]] = []
    stopping: list[int] = []

    def verdict(packet_id: int) -> None:
        hdr = _attr(VERDICT_HDR, struct.pack("!II", NF_ACCEPT, packet_id))
        try:
            sock.send(_msg(MSG_VERDICT, queue, [hdr]))
        except OSError:
            pass

    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    while not stopping:
        now = time.monotonic()
        while held and held[0][0] <= now:
            verdict(heapq.heappop(held)[1])
        timeout = max(0.0, held[0][0] - now) if held else 0.5
        try:
            ready, _, _ = select.select([sock], [], [], timeout)
        except InterruptedError:
            continue
        if not ready:
            continue
        try:
            data = sock.recv(1 << 16)
        except OSError:  # ENOBUFS under a burst: fail-open keeps traffic moving
            continue
        for packet_id in _packet_ids(data):
            extra = random.uniform(-jitter_ms, jitter_ms) if jitter_ms else 0.0
            due = time.monotonic() + max(0.0, delay_ms + extra) / 1000.0
            heapq.heappush(held, (due, packet_id))
    _iptables("-D", device, queue, comment)
    for _, packet_id in held:
        verdict(packet_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
