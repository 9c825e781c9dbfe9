"""Roster import (CSV/XLSX) and listing.

`parse_roster` is pure: bytes in, validated rows out, or a UserError naming the row
and column. `import_roster` writes all rows in one transaction, updating people by
姓名+单位 so a re-import never duplicates anyone.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .db import session, write
from .errors import UserError
from .models import AuditEntry, Person, PersonRole, Unit
from .schemas import Person as PersonOut

REQUIRED_COLUMNS = ("姓名", "角色", "单位")
OPTIONAL_COLUMNS = ("选区",)
ROLE_SEPARATORS = re.compile(r"[、，,；;/／\s]+")
EMPTY_FILE = "花名册文件是空的：第1行应为表头“姓名,角色,单位,选区”，其后每行一人。"


@lru_cache(maxsize=1)
def role_aliases() -> dict[str, str]:
    """Every accepted spelling → canonical role."""
    data = yaml.safe_load((Path(__file__).with_name("roles.yaml")).read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for role in data["roles"]:
        table[role["name"]] = role["name"]
        for alias in role.get("aliases") or []:
            table[alias] = role["name"]
    return table


def canonical_roles() -> list[str]:
    return list(dict.fromkeys(role_aliases().values()))


@dataclass(frozen=True)
class RosterRow:
    line: int  # row number as the user sees it in the file (header = 1)
    name: str
    roles: tuple[str, ...]
    unit: str
    constituency: str | None


class _Dialect(csv.excel):
    pass


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma as Excel writes it, else the separator that splits the header into the known columns."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    for delimiter in (",", "\t", ";", "，"):
        if sum(name in header.split(delimiter) for name in REQUIRED_COLUMNS) >= 2:
            return type("RosterDialect", (_Dialect,), {"delimiter": delimiter})
    return csv.excel


def _decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's BOM) or GBK/GB18030; else say where the bad bytes are."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    errors: list[UnicodeDecodeError] = []
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            errors.append(exc)
    # The encoding that read furthest is the file's; the bytes where it stopped are the bad ones.
    bad = max(errors, key=lambda e: e.start)
    before = data[: bad.start].decode(bad.encoding)
    records = list(csv.reader(io.StringIO(before), _dialect(before))) or [[]]
    if before.endswith(("\n", "\r")) or not before:
        records.append([])  # the bad bytes open a new row
    line, column = len(records), max(len(records[-1]) - 1, 0)
    header = records[0] if line > 1 else []
    where = f"“{header[column].strip()}”列" if column < len(header) else f"第{column + 1}列"
    raise UserError(
        f"第{line}行{where}有无法识别的字符：请把花名册另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx 文件后再导入。",
        line=line, column=header[column].strip() if column < len(header) else column + 1,
    )


def _table_from_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    return [row for row in csv.reader(io.StringIO(text), _dialect(text))]


def _table_from_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UserError("无法读取 Excel 文件：请确认文件是 .xlsx 格式且未损坏（可用 Excel 打开后另存为 .xlsx）。") from exc
    ws = wb.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def parse_roster(data: bytes, filename: str) -> list[RosterRow]:
    """Validate a roster file. Raises UserError (Chinese, naming row and column) on any problem."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt"):
        raise UserError(f"不支持的花名册格式“{suffix or filename}”：请使用 .csv 或 .xlsx 文件。")
    if not data.strip():
        raise UserError(EMPTY_FILE)
    table = _table_from_xlsx(data) if suffix == ".xlsx" else _table_from_csv(data)
    # Number rows as the spreadsheet shows them (a quoted cell may span lines; blank rows count).
    numbered = [(line, [cell.strip() for cell in row]) for line, row in enumerate(table, start=1)]
    while numbered and not any(numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise UserError(EMPTY_FILE)
    header_line, header = numbered[0]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise UserError(
            f"第{header_line}行表头缺少“{'”“'.join(missing)}”列：表头应为“姓名,角色,单位,选区”（选区可空）。",
            line=header_line, column=missing[0], missing=missing,
        )
    col = {name: header.index(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if name in header}
    aliases = role_aliases()

    def cell(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], RosterRow] = {}
    for offset, raw in numbered[1:]:
        if not any(raw):
            continue
        name, unit = cell(raw, "姓名"), cell(raw, "单位")
        if not name:
            raise UserError(f"第{offset}行“姓名”列为空：请填写姓名。", line=offset, column="姓名")
        if not unit:
            raise UserError(f"第{offset}行“单位”列为空：请填写{name}所在单位。", line=offset, column="单位")
        role_words = [w for w in ROLE_SEPARATORS.split(cell(raw, "角色")) if w]
        if not role_words:
            raise UserError(f"第{offset}行“角色”列为空：请填写{name}的角色。", line=offset, column="角色")
        roles: list[str] = []
        for word in role_words:
            if word not in aliases:
                raise UserError(
                    f"第{offset}行“角色”列有未知角色“{word}”。可用的角色：{'、'.join(canonical_roles())}；"
                    "一人多个角色用“、”分隔。",
                    line=offset,
                    column="角色",
                )
            if aliases[word] not in roles:
                roles.append(aliases[word])
        row = RosterRow(offset, name, tuple(roles), unit, cell(raw, "选区") or None)
        key = (name, unit)
        if key in seen:
            first = seen[key]
            if set(first.roles) != set(row.roles) or first.constituency != row.constituency:
                raise UserError(
                    f"第{first.line}行和第{offset}行都是{unit}的{name}，但“角色”或“选区”不一致："
                    "同一人只能出现一次，请合并为一行。",
                    line=offset,
                    column="角色",
                )
            continue
        seen[key] = row
        rows.append(row)
    if not rows:
        raise UserError("花名册里没有人员：表头之后每行填写一人。")
    return rows


def _upsert(s: Session, rows: list[RosterRow], actor_id: int | None = None) -> dict:
    units = {u.name: u for u in s.scalars(select(Unit))}
    existing = {
        (p.name, p.unit.name): p
        for p in s.scalars(select(Person).options(selectinload(Person.roles), selectinload(Person.unit)))
    }
    added = updated = 0
    for row in rows:
        unit = units.get(row.unit)
        if unit is None:
            unit = units[row.unit] = Unit(name=row.unit)
            s.add(unit)
        person = existing.get((row.name, row.unit))
        if person is None:
            person = Person(name=row.name, unit=unit, constituency=row.constituency)
            s.add(person)
            added += 1
        else:
            if person.role_names == list(row.roles) and person.constituency == row.constituency:
                continue
            person.constituency = row.constituency
            updated += 1
        person.roles = [PersonRole(role=r, position=i) for i, r in enumerate(row.roles)]
    s.add(AuditEntry(actor_id=actor_id, action="import", table_name="people",
                     detail={"rows": len(rows), "added": added, "updated": updated}))
    return {"rows": len(rows), "added": added, "updated": updated}


def import_roster(url: str, data: bytes, filename: str, actor_id: int | None = None) -> dict:
    """Validate then write the whole roster in one transaction."""
    rows = parse_roster(data, filename)
    return write(url, lambda s: _upsert(s, rows, actor_id))


def add_person(s: Session, name: str, unit: str, roles: list[str], constituency: str | None = None) -> Person:
    """Add one person inside the caller's transaction (e.g. a worker the user confirmed in chat)."""
    unit_row = s.scalar(select(Unit).where(Unit.name == unit)) or Unit(name=unit)
    person = Person(name=name, unit=unit_row, constituency=constituency)
    person.roles = [PersonRole(role=r, position=i) for i, r in enumerate(roles)]
    s.add(person)
    s.flush()
    return person


def load_people(s: Session) -> list[Person]:
    return list(
        s.scalars(
            select(Person)
            .options(selectinload(Person.roles), selectinload(Person.unit))
            .order_by(Person.id)
        )
    )


def to_out(p: Person) -> PersonOut:
    return PersonOut(name=p.name, roles=p.role_names, unit=p.unit.name, constituency=p.constituency)


def list_people(url: str) -> list[PersonOut]:
    with session(url) as s:
        return [to_out(p) for p in load_people(s)]
