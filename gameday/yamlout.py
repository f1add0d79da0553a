"""Write machine-made YAML (scorecards, timelines) fast: block style, one JSON line per record.

A drill's timeline holds thousands of events and a scorecard's evidence thousands of entries.
PyYAML builds a node for every value in Python before any emitter runs (about 9 s for 10,000
events; libyaml's emitter only helps after that), so writing a scorecard took longer than
everything else ``gameday score`` does. A JSON object is also a YAML flow mapping, and the json
module writes one in microseconds, so a list of records (mappings with no list of mappings
inside: events, evidence) is written one JSON line per item; mappings around them are written
in block style, text as plain scalars where YAML 1.1 reads them back as the same text.
Any YAML reader, ``gameday.yamlsrc`` included, reads the file back to the same values.

A value whose JSON a YAML 1.1 reader would read differently takes a slower, exact way: an
exponent float (``1e-05`` is text in YAML 1.1, ``1.0e-05`` a number), a key that is not text
(JSON would turn ``1`` into ``"1"``), NaN or infinity. Characters YAML may not carry raw (C1
controls, U+2028/9, which it reads as line breaks) are escaped. The round trip is
property-tested against gameday's reader and PyYAML's (``tests/unit/test_yamlout.py``).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Mapping
from typing import IO, Any

# Characters YAML forbids or reads as line breaks inside a quoted scalar: escaped as \\uXXXX.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
# An exponent as json writes one (1e-05, 1e+16): YAML 1.1 reads it as text. Also matches
# such text inside a string: that value merely takes the slower, exact way.
_EXPONENT = re.compile(r"[0-9]e[-+][0-9]")
# What a number, bool or null key looks like once json made it text (then keys are checked).
_NUMBER_KEY = re.compile(r'"(?:-?[0-9][0-9.eE+-]*|true|false|null|NaN|-?Infinity)": ')
_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
# Text YAML 1.1 reads back as the same text when written plain: starts with a letter (so no
# number, date, indicator or `.inf`), no `: ` or ` #`, no trailing space, not a bool or null word.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,()/'+-]*(?<! )")
_WORDS = frozenset(
    w
    for word in ("yes", "no", "y", "n", "true", "false", "on", "off", "null")
    for w in (word, word.capitalize(), word.upper())
)


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def _text_keys(value: Any) -> bool:
    """True when every mapping key inside ``value`` is text (as JSON would write it)."""
    if isinstance(value, dict):
        return all(type(k) is str and _text_keys(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_text_keys(v) for v in value)
    return True


def _float(x: float) -> str:
    """A float as YAML 1.1 reads it: ``.inf``/``.nan``, and an exponent needs a dot."""
    if x != x:
        return ".nan"
    if x in (float("inf"), float("-inf")):
        return ".inf" if x > 0 else "-.inf"
    text = repr(x)
    if "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def _exact_flow(value: Any) -> str:
    """The slow way, exact for every value: what JSON would write differently, YAML 1.1's way."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text
    if isinstance(value, dict):
        pairs = (f"{_exact_flow(k)}: {_exact_flow(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_exact_flow(v) for v in value) + "]"
    raise TypeError(f"cannot write a {type(value).__name__} as YAML")


def _exact(line: str, value: Any) -> str:
    """``line`` (``value``'s JSON) when YAML reads it back as ``value``, else libyaml's line."""
    if _EXPONENT.search(line) or (_NUMBER_KEY.search(line) and not _text_keys(value)):
        return _exact_flow(value)
    return _UNSAFE.sub(_escape, line) if _UNSAFE.search(line) else line


def flow(value: Any) -> str:
    """``value`` as one line of YAML that reads back to an equal value."""
    try:
        return _exact(_JSON.encode(value), value)
    except (TypeError, ValueError):  # NaN, infinity, a type json does not know
        return _exact_flow(value)


def _c_encoder() -> Callable[[Any], str] | None:
    """json's own C encoder with ``_JSON``'s settings, made once: ``JSONEncoder.encode`` makes
    a new one for every value, most of the time of writing a short record. None when this
    Python has none, or it does not write what ``_JSON`` writes."""
    try:
        from json.encoder import (  # type: ignore[attr-defined]
            c_make_encoder,
            encode_basestring,
        )

        if c_make_encoder is None:
            return None
        make = c_make_encoder(None, None, encode_basestring, None, ": ", ", ", False, False, False)

        def encode(value: Any) -> str:
            return "".join(make(value, 0))

        probe = {"a": [1, 2.5, '\u00e9"', None, True], "b": {"c": -0.0}}
        return encode if encode(probe) == _JSON.encode(probe) else None
    except Exception:  # a Python whose private encoder differs: the public one then
        return None


_ENCODE = _c_encoder() or _JSON.encode


def flow_lines(values: Any) -> list[str]:
    """``flow`` of each value; the checks run once over all the text when nothing needs them."""
    try:
        lines = [_ENCODE(v) for v in values]
    except (TypeError, ValueError):
        return [flow(v) for v in values]
    blob = "\n".join(lines)
    if (("e-" in blob or "e+" in blob) and _EXPONENT.search(blob)) or _NUMBER_KEY.search(blob):
        return [_exact(line, v) for line, v in zip(lines, values, strict=True)]
    if (not blob.isascii() or "\x7f" in blob) and _UNSAFE.search(blob):  # DEL is ASCII
        return [_UNSAFE.sub(_escape, line) for line in lines]
    return lines


def scalar(value: Any) -> str:
    """A number, bool, null or text for a block: plain text where that is safe."""
    if type(value) is str and value not in _WORDS and _PLAIN.fullmatch(value):
        return value
    return flow(value)


def _is_record(value: Any) -> bool:
    """A mapping with no list of mappings directly inside: written on one line."""
    for v in value.values():
        if isinstance(v, list | tuple) and any(isinstance(x, dict) for x in v):
            return False
    return True


def _mapping(doc: Mapping[Any, Any], pad: str, write: Any) -> None:
    for k, v in doc.items():
        key = scalar(k)
        if isinstance(v, dict | list | tuple) and v:
            write(f"{pad}{key}:\n")
            if isinstance(v, dict):
                _mapping(v, pad + "  ", write)
            else:
                _sequence(v, pad, write)  # indentless, as PyYAML writes it
        else:
            write(f"{pad}{key}: {flow(v) if isinstance(v, dict | list | tuple) else scalar(v)}\n")


def _record_lines(items: Any) -> list[str] | None:
    """Each item's line when every item is a record or a list (events, evidence), else None.
    Only an item whose line has a list in it can hold a list of mappings: the rest are records
    without looking inside (a long drill's events, checked one by one, took most of writing)."""
    if not {x.__class__ for x in items} <= {dict, list, tuple} and not all(
        isinstance(x, dict | list | tuple) for x in items
    ):
        return None
    lines = flow_lines(items)
    for x, line in zip(items, lines, strict=True):
        if "[" in line and isinstance(x, dict) and not _is_record(x):
            return None
    return lines


def _sequence(items: Any, pad: str, write: Any) -> None:
    lines = _record_lines(items)
    if lines is not None:  # records (events, evidence): one line each
        lead = f"{pad}- "
        write(lead + f"\n{lead}".join(lines) + "\n")
        return
    for item in items:
        if isinstance(item, dict) and item and not _is_record(item):
            buf = io.StringIO()
            _mapping(item, pad + "  ", buf.write)
            write(f"{pad}- {buf.getvalue()[len(pad) + 2 :]}")
        elif isinstance(item, dict | list | tuple):
            write(f"{pad}- {flow(item)}\n")
        else:
            write(f"{pad}- {scalar(item)}\n")


def dump(doc: Mapping[str, Any], out: IO[str]) -> None:
    """Write mapping ``doc`` as YAML to ``out``."""
    if not doc:
        out.write("{}\n")
    _mapping(doc, "", out.write)


def dumps(doc: Mapping[str, Any]) -> str:
    buf = io.StringIO()
    dump(doc, buf)
    return buf.getvalue()
