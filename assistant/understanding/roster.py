"""The roster as understanding sees it: names, units, surnames. Pure data, built once per roster."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .lexicon import load


@dataclass(frozen=True)
class RosterEntry:
    id: int
    name: str
    unit: str
    roles: tuple[str, ...] = ()


def surname_of(name: str) -> str:
    """欧阳明 → 欧阳, 张三 → 张."""
    if name[:2] in load("people")["compound_surnames"]:
        return name[:2]
    return name[:1]


def units_said(text: str, units: list[str]) -> list[str]:
    """The units `text` names: whole (装配车间), or else by their first two characters when no other
    of `units` starts with them (是王芳 后勤的: 后勤 for 后勤服务部)."""
    whole = [u for u in units if u in text]
    if whole:
        return whole
    return [u for u in units if len(u) > 2 and u[:2] in text and sum(v.startswith(u[:2]) for v in units) == 1]


@dataclass
class Roster:
    entries: list[RosterEntry]
    by_name: dict[str, list[RosterEntry]] = field(default_factory=dict)
    by_surname: dict[str, list[RosterEntry]] = field(default_factory=dict)
    units: list[str] = field(default_factory=list)

    @classmethod
    def from_rows(cls, rows) -> "Roster":
        entries = [
            RosterEntry(r.id, r.name.strip(), r.unit.strip(), tuple(r.roles))
            for r in rows
            if r.name and r.name.strip()
        ]
        by_name: dict[str, list[RosterEntry]] = defaultdict(list)
        by_surname: dict[str, list[RosterEntry]] = defaultdict(list)
        for e in entries:
            by_name[e.name].append(e)
            by_surname[surname_of(e.name)].append(e)
        units = sorted({e.unit for e in entries if e.unit}, key=len, reverse=True)
        return cls(entries, dict(by_name), dict(by_surname), units)

    @classmethod
    def from_people(cls, people) -> "Roster":
        """From ORM `store.models.Person` objects (with .id, .name, .unit.name, .role_names)."""
        return cls.from_rows(
            RosterEntry(p.id, p.name, p.unit.name if p.unit is not None else "", tuple(p.role_names))
            for p in people
        )

    @classmethod
    def from_csv(cls, path) -> "Roster":
        """From a roster CSV (姓名,角色,单位,选区), ids numbered from 1 in file order."""
        import csv
        from pathlib import Path

        with Path(path).open(encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        return cls.from_rows(
            RosterEntry(i, r["姓名"], r["单位"], tuple(x for x in r["角色"].split("、") if x))
            for i, r in enumerate(rows, start=1)
        )

    @property
    def given_names(self) -> dict[str, RosterEntry]:
        """Two-character given names held by exactly one rostered person (海燕 → 郑海燕)."""
        if not hasattr(self, "_given"):
            found: dict[str, list[RosterEntry]] = defaultdict(list)
            for e in self.entries:
                given = e.name[len(surname_of(e.name)):]
                if len(given) == 2:
                    found[given].append(e)
            self._given = {g: es[0] for g, es in found.items()
                           if len({x.name for x in es}) == 1 and g not in self.by_name}
        return self._given

    def named(self, name: str) -> list[RosterEntry]:
        return self.by_name.get(name, [])

    def with_surname(self, surname: str) -> list[RosterEntry]:
        return self.by_surname.get(surname, [])

    def in_unit(self, unit: str) -> list[RosterEntry]:
        return [e for e in self.entries if e.unit == unit]

    @property
    def names(self) -> list[str]:
        return list(self.by_name)

    def tokenizer(self):
        """The jieba tokenizer that knows this roster's names and units (and no other roster's)."""
        if not hasattr(self, "_tokenizer"):
            from .tokenizer import for_words

            self._tokenizer = for_words(self.names + self.units)
        return self._tokenizer
