"""People's names as the roster knows them: ``Dana`` and ``dana`` are one person.

Responders type names by hand (``--as``, ``gameday role ic NAME``), so the same person shows up
with different capitalisation. Names are matched case-insensitively (and without surrounding
spaces); the spelling shown is the roster's when the person is on it, else the first one seen.
"""

from __future__ import annotations

from collections.abc import Iterable


def person_key(name: str) -> str:
    return name.strip().casefold()


class People:
    """Canonical spellings; feed names with ``see`` (roster names win), read with ``name``."""

    def __init__(self, roster: Iterable[str] = ()) -> None:
        self._roster: dict[str, str] = {}
        self._seen: dict[str, str] = {}
        self.add_roster(roster)

    def add_roster(self, roster: Iterable[str]) -> None:
        for raw in roster:
            name = raw.strip()
            if name:
                self._roster.setdefault(person_key(name), name)

    def see(self, raw: str) -> None:
        name = raw.strip()
        if name:
            self._seen.setdefault(person_key(name), name)

    def name(self, raw: str) -> str:
        """The one spelling of ``raw`` (``""`` stays ``""``)."""
        key = person_key(raw)
        return self._roster.get(key) or self._seen.get(key) or raw.strip()

    def same(self, a: str, b: str) -> bool:
        return bool(a.strip()) and person_key(a) == person_key(b)
