"""LineTail: whole new lines only, each once; a replaced or shortened file is read afresh."""

from __future__ import annotations

import os
from pathlib import Path

from gameday.linetail import LineTail


def test_whole_lines_once_and_a_half_written_line_waits(tmp_path: Path) -> None:
    p = tmp_path / "stats.jsonl"
    tail = LineTail(p)
    assert tail.read() == []  # no file yet
    p.write_bytes(b"one\ntw")
    assert tail.read() == [b"one"]
    assert tail.read() == []
    with p.open("ab") as f:
        f.write(b"o\nthree\n")
    assert tail.read() == [b"two", b"three"]


def test_skip_existing_then_only_what_comes_after(tmp_path: Path) -> None:
    p = tmp_path / "stats.jsonl"
    p.write_bytes(b"old\n")
    tail = LineTail(p)
    tail.skip_existing()
    assert tail.read() == []
    with p.open("ab") as f:
        f.write(b"new\n")
    assert tail.read() == [b"new"]


def test_a_replaced_or_shortened_file_is_read_from_its_start(tmp_path: Path) -> None:
    p = tmp_path / "marks.jsonl"
    p.write_bytes(b"a\nb\n")
    tail = LineTail(p)
    assert tail.read() == [b"a", b"b"]
    fresh = tmp_path / "fresh"
    fresh.write_bytes(b"c\nd\ne\n")
    os.replace(fresh, p)  # rotated: another inode
    assert tail.read() == [b"c", b"d", b"e"]
    p.write_bytes(b"f\n")  # cut shorter in place
    assert tail.read() == [b"f"]


def test_max_bytes_reads_a_long_backlog_in_pieces(tmp_path: Path) -> None:
    p = tmp_path / "stats.jsonl"
    p.write_bytes(b"".join(b"line%d\n" % i for i in range(10)))
    tail = LineTail(p, max_bytes=16)
    got: list[bytes] = []
    for _ in range(20):
        got += tail.read()
    assert got == [b"line%d" % i for i in range(10)]
