"""Checked argument types for every command: a number in its range, a duration, a port, a
folder that exists. Command-line values are untrusted input like files: a wrong one is refused
while parsing, in one line naming the argument, before anything runs.

Each factory returns a function for ``add_argument(type=...)``; argparse turns its
``ArgumentTypeError`` into ``gameday: error: argument --width: ...`` (see ``Parser``).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from gameday.formats.core import short, text_problem

Bad = argparse.ArgumentTypeError


class Parser(argparse.ArgumentParser):
    """argparse with gameday's error format: one ``gameday: error:`` line, a hint, exit 2."""

    def error(self, message: str) -> NoReturn:
        print(f"gameday: error: {self.prog.removeprefix('gameday ')}: {message}", file=sys.stderr)
        print(f"gameday: hint: `{self.prog} --help` lists the arguments", file=sys.stderr)
        self.exit(2)


def whole(lo: int, hi: int, what: str = "") -> Callable[[str], int]:
    """A whole number in ``lo..hi``."""

    def conv(value: str) -> int:
        try:
            n = int(value.strip())
        except ValueError:
            raise Bad(f"{short(value)} is not a whole number") from None
        if not lo <= n <= hi:
            raise Bad(f"{n} is out of range ({lo}..{hi}{' ' + what if what else ''})")
        return n

    conv.__name__ = "whole number"
    return conv


def number(lo: float, hi: float, *, above: bool = False) -> Callable[[str], float]:
    """A finite number in ``lo..hi`` (``above``: more than ``lo``)."""

    def conv(value: str) -> float:
        try:
            x = float(value)
        except ValueError:
            raise Bad(f"{short(value)} is not a number") from None
        if not math.isfinite(x):
            raise Bad(f"{short(value)} is not a finite number")
        if x < lo or x > hi or (above and x == lo):
            bound = f"more than {lo:g}, at most {hi:g}" if above else f"{lo:g}..{hi:g}"
            raise Bad(f"{x:g} is out of range ({bound})")
        return x

    conv.__name__ = "number"
    return conv


def duration(
    lo: float = 0.0, hi: float | None = None, *, above: bool = False
) -> Callable[[str], float]:
    """``90s``, ``5m``, ``1h30m`` or seconds, in ``lo..hi`` seconds."""
    from gameday.durations import MAX_S

    top = MAX_S if hi is None else hi

    def conv(value: str) -> float:
        from gameday.durations import format_duration, parse_duration

        try:
            s = parse_duration(value, max_s=top)
        except ValueError as exc:
            raise Bad(str(exc)) from None
        if s < lo or (above and s == lo):
            words = (
                f"more than {format_duration(lo)}" if above else f"at least {format_duration(lo)}"
            )
            raise Bad(f"{short(value)} is too short; it must be {words}")
        return s

    conv.__name__ = "duration"
    return conv


def port(value: str) -> int:
    """A TCP port, 0 meaning "any free one"."""
    return whole(0, 65535, "0 = any free port")(value)


def text(max_len: int = 200) -> Callable[[str], str]:
    """One line of printable text (a name, a host), not empty."""

    def conv(value: str) -> str:
        if not value.strip():
            raise Bad("must not be empty")
        problem = text_problem(value, printable=True)
        if problem:
            raise Bad(f"{short(value)} {problem}")
        if len(value) > max_len:
            raise Bad(f"is {len(value)} characters; the limit is {max_len}")
        return value

    conv.__name__ = "text"
    return conv


_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?|\[?[0-9A-Fa-f:.]+\]?")


def host(value: str) -> str:
    """An address to listen on: an IP address or a host name."""
    import ipaddress

    raw = value.strip()
    try:
        return str(ipaddress.ip_address(raw.strip("[]")))
    except ValueError:
        pass
    if not _HOST.fullmatch(raw) or ".." in raw or raw.endswith("-"):
        raise Bad(f"{short(value)} is not an IP address or a host name")
    return raw


def host_port(value: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:5557`` for IPv6) of a server to connect to; the port is required."""
    raw = value.strip()
    head, sep, tail = raw.rpartition(":")
    if not sep or not head:
        raise Bad(f"{short(value)} is not HOST:PORT (e.g. 10.0.0.5:5557)")
    try:
        number = int(tail)
    except ValueError:
        raise Bad(f"{short(value)} has no port number after the ':'") from None
    if not 1 <= number <= 65535:
        raise Bad(f"port {number} is out of range (1..65535)")
    return host(head.strip("[]") if head.startswith("[") else head), number


def folder(value: str) -> Path:
    """An existing folder (to read from)."""
    p = _path(value)
    if not p.exists():
        raise Bad(f"{value} does not exist")
    if not p.is_dir():
        raise Bad(f"{value} is not a folder")
    return p


def in_file(value: str) -> Path:
    """An existing regular file (to read)."""
    p = _path(value)
    if not p.exists():
        raise Bad(f"{value} does not exist")
    if not p.is_file():
        raise Bad(f"{value} is not a regular file")
    return p


def out_folder(value: str) -> Path:
    """A folder to write into: existing, or creatable (its parent exists), not a file."""
    p = _path(value)
    if p.exists() and not p.is_dir():
        raise Bad(f"{value} is not a folder")
    if not p.exists():
        parent = next((a for a in p.absolute().parents if a.exists()), None)
        if parent is None or not parent.is_dir():
            raise Bad(f"{value} cannot be created (a parent is not a folder)")
    return p


def _path(value: str) -> Path:
    if not value or "\x00" in value:
        raise Bad(f"{short(value)} is not a valid path")
    problem = text_problem(value)
    if problem:
        raise Bad(f"{short(value)} {problem}")
    return Path(value)
