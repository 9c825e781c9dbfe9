"""Finding a rostered person from what a user typed: the one place every face and module resolves names.

A person is named by
- "姓名" when nobody else on the roster has that name;
- "姓名（单位）", "姓名(单位)" or "姓名@单位" (the login form) when namesakes exist;
- a Person row or its id (the page passes the logged-in person's id).

A bare name held by several people is never guessed: `find_person` raises a UserError
that lists the units and shows the form to write.
"""
from __future__ import annotations

import re
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from .errors import UserError
from .models import Person, Unit

# "李娜（装配车间）", "李娜(装配车间)" (either bracket), or the login form "李娜@装配车间".
_BRACKETED = re.compile(r"^(.+?)\s*[（(]\s*(.+?)\s*[）)]$")
UNIT_SEPARATOR = "@"


def split_name(text: str) -> tuple[str, str | None]:
    """("姓名", "单位" or None) from "姓名", "姓名（单位）", "姓名(单位)" or "姓名@单位"."""
    text = (text or "").strip()
    m = _BRACKETED.match(text)
    if m:
        return m.group(1).strip(), m.group(2).strip() or None
    if UNIT_SEPARATOR in text:
        name, unit = text.split(UNIT_SEPARATOR, 1)
        return name.strip(), unit.strip() or None
    return text, None


def qualified_name(name: str, unit: str) -> str:
    """The unambiguous written form of a namesake: "姓名（单位）"."""
    return f"{name}（{unit}）"


def display_names(people: list[tuple[str, str]]) -> list[str]:
    """Names for a picker, in order, without repeats: "姓名", or "姓名（单位）" where the name is shared."""
    counts = Counter(name for name, _ in people)
    return list(dict.fromkeys(qualified_name(n, u) if counts[n] > 1 else n for n, u in people))


def _query():
    return (select(Person).join(Person.unit)
            .options(contains_eager(Person.unit), selectinload(Person.roles))
            .order_by(Person.id))


def find_people(s: Session, name: str) -> list[Person]:
    """Everyone the written name may mean (one unit's only when the unit is written), roster order."""
    name, unit = split_name(name)
    if not name:
        return []
    query = _query().where(Person.name == name)
    if unit:
        query = query.where(Unit.name == unit)
    return list(s.execute(query).scalars().unique())


def find_person(s: Session, name_or_person) -> Person:
    """The one rostered person meant by a name (any form above), a Person row or an id; else UserError."""
    if isinstance(name_or_person, (Person, int)) and not isinstance(name_or_person, bool):
        pid = name_or_person.id if isinstance(name_or_person, Person) else name_or_person
        found = s.execute(_query().where(Person.id == pid)).scalars().first()
        if found is None:
            label = name_or_person.name if isinstance(name_or_person, Person) else f"编号{pid}的人员"
            raise UserError(f"花名册中没有“{label}”：请检查花名册。")
        return found
    text = str(name_or_person or "").strip()
    if not text:
        raise UserError("请写明人员姓名（花名册上的姓名；有同名时写成“姓名（单位）”）。")
    name, unit = split_name(text)
    found = find_people(s, text)
    if not found:
        if unit:
            raise UserError(f"花名册中没有{unit}的“{name}”：请检查姓名和单位，或先在花名册中添加此人。")
        raise UserError(f"花名册中没有“{name}”：请检查姓名，或先在花名册中添加此人。")
    if len(found) == 1:
        return found[0]
    units = list(dict.fromkeys(p.unit.name for p in found))
    if unit or len(units) == 1:  # same name twice in one unit: the name cannot tell them apart
        raise UserError(f"花名册中{units[0]}有{len(found)}位“{name}”，无法按姓名区分："
                        "请在花名册中把姓名写得可以区分后重新导入。")
    example = qualified_name(name, units[0])
    raise UserError(f"花名册中有{len(found)}位“{name}”（{'、'.join(units)}），请写成“{example}”这样带单位的写法"
                    f"（也可写“{name}@{units[0]}”）。")
