"""The netlink encoding of the NFQUEUE delayer (the part that runs without a kernel)."""

from __future__ import annotations

import struct

from gameday.faults import nfqdelay as q


def test_messages_are_nfnetlink_queue_messages_with_aligned_attributes() -> None:
    attr = q._attr(q.CFG_PARAMS, struct.pack("!IB", 0, q.COPY_META))
    assert len(attr) == 12  # 4 header + 5 payload, padded to 4
    assert struct.unpack_from("=HH", attr) == (9, q.CFG_PARAMS)
    msg = q._msg(q.MSG_CONFIG, 4242, [attr])
    length, kind, flags = struct.unpack_from("=IHH", msg)
    assert length == len(msg) == 16 + 4 + 12
    assert kind == (q.NFNL_SUBSYS_QUEUE << 8) | q.MSG_CONFIG and flags == q.NLM_F_REQUEST
    assert struct.unpack_from("!H", msg, 18)[0] == 4242  # queue number, network order


def _packet(packet_id: int) -> bytes:
    hdr = q._attr(q.PACKET_HDR, struct.pack("!IHB", packet_id, 0x0800, 1))
    other = q._attr(9, b"payload!")
    body = struct.pack("!BBH", 2, 0, 7) + other + hdr
    head = struct.pack("=IHHII", 16 + len(body), (q.NFNL_SUBSYS_QUEUE << 8) | q.MSG_PACKET, 0, 0, 0)
    return head + body


def test_packet_ids_are_read_from_every_message_of_a_datagram() -> None:
    data = _packet(17) + _packet(4_000_000_000)
    assert list(q._packet_ids(data)) == [17, 4_000_000_000]


def test_non_packet_messages_and_garbage_are_skipped() -> None:
    error = struct.pack("=IHHII", 20, q.NLMSG_ERROR, 0, 0, 0) + struct.pack("=i", 0)
    assert list(q._packet_ids(error + _packet(5))) == [5]
    assert list(q._packet_ids(b"\x00" * 7)) == []
