"""Ledgers (台账) in the regulations' own layouts, exported as .xlsx.

Each layout is data: one YAML file in `knowledge/ledgers/` names the document and the
attachment/clause it comes from, the sheet's title as the document prints it, and the
column headers in the document's own words (columns the document does not print are
marked `inferred: true`). A column's `field` says which value of a record fills it; the
few field extractors below are the only code that knows records. Adding a ledger whose
columns use known fields needs no Python change.

Rows are read with SQLAlchemy core selects (not ORM objects) and written with openpyxl's
write-only workbook, so a year of an organisation's records streams through in bounded
memory (see evals/bench_ledgers.py).
"""
from __future__ import annotations

import re
from collections import defaultdict
from copy import copy
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.periods import Period, describe_period, format_period, parse_period
from store.db import session as read_session
from store.errors import UserError
from store.models import Contact, ContactPerson, Issue, Opinion, Person, PersonRole, Proposal, Unit
from store.people import find_person, qualified_name, split_name

LAYOUTS = Path(__file__).resolve().parent.parent / "knowledge" / "ledgers"
CORPUS = Path(__file__).resolve().parent.parent / "knowledge" / "corpus"
NO_RECORDS = "本期无记录"

CONTACT_FIELDS = {"seq", "date", "form", "place", "recorder", "recorder_unit", "recorder_with_roles",
                  "people", "headcount", "issues", "place_or_units"}
OPINION_FIELDS = {"seq", "date", "raised_by", "content", "representative_view", "result", "result_or_status",
                  "satisfaction", "status", "recorder", "recorder_unit", "closed_on"}
SUMMARY_FIELDS = {"unit", "bound_people", "contacts_required", "contacts_done", "people_reached", "opinions",
                  "opinions_closed", "proposals_submitted", "obligation_items", "obligation_items_met", "people_behind"}
FIELDS = {"contacts": CONTACT_FIELDS, "opinions": OPINION_FIELDS, "summary": SUMMARY_FIELDS}


# -- layouts (data) --------------------------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def corpus_text(document: str) -> str:
    return (CORPUS / f"{document}.txt").read_text(encoding="utf-8")


def _verify(document: str, quote: str) -> bool:
    try:
        from knowledge.clauses import verify_quote
    except ImportError:  # the knowledge base is optional for this check
        return quote in corpus_text(document)
    return verify_quote(document, quote)


@lru_cache(maxsize=1)
def layouts() -> dict[str, dict]:
    """Every ledger layout by name, validated against the corpus it cites."""
    found: dict[str, dict] = {}
    for path in sorted(LAYOUTS.glob("*.yaml")):
        layout = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = layout["name"]
        if name in found:
            raise ValueError(f"{path.name}: ledger name {name!r} used twice")
        known = FIELDS[layout["records"]]
        for col in layout["columns"]:
            if col["field"] not in known:
                raise ValueError(f"{path.name}: unknown field {col['field']!r} for {layout['records']}")
        text = _squash(corpus_text(layout["document"]))
        for col in layout["columns"]:
            if not col.get("inferred") and _squash(col["header"]) not in text:
                raise ValueError(f"{path.name}: header {col['header']!r} is not in document {layout['document']}")
        basis = layout.get("basis")
        if basis and not _verify(layout["document"], basis["quote"]):
            raise ValueError(f"{path.name}: basis quote is not verbatim in document {layout['document']}")
        for quota in layout.get("quotas", []):
            if not _verify(layout["document"], quota["quote"]):
                raise ValueError(f"{path.name}: quota quote {quota['quote']!r} is not verbatim")
        found[name] = layout
    return found


def list_ledgers(ctx) -> dict:
    """`export --list`: every ledger with its document and column headers."""
    return {"ledgers": [
        {"name": lay["name"], "title": lay["title"], "document": lay["document"], "clause": lay["clause"],
         "columns": [c["header"] for c in lay["columns"]],
         "inferred_columns": [c["header"] for c in lay["columns"] if c.get("inferred")]}
        for lay in layouts().values()
    ]}


# -- periods ------------------------------------------------------------------------------------

_CN_DIGITS = "一二三四"


def filled_title(layout: dict, p: Period) -> str:
    """The document's title with its blank “（  ）” filled when the period is of the ledger's own kind."""
    title = layout["sheet_title"]
    blank = layout.get("blank")
    if blank == p.kind == "quarter":
        fill = _CN_DIGITS[(p.start.month - 1) // 3]
    elif blank == p.kind == "month":
        fill = str(p.start.month)
    else:
        return title
    return re.sub(r"（\s*）", f"（{fill}）", title, count=1)


# -- who the ledger is about ------------------------------------------------------------------------

@dataclass
class Scope:
    person_ids: list[int] | None   # a person's ledger (one rostered person)
    unit_id: int | None
    label: str                      # the sheet's second row


def _scope(s: Session, layout: dict, person: str | int | None, unit: str | None) -> Scope:
    unit_row = None
    if unit:
        unit_row = s.scalars(select(Unit).where(Unit.name == unit)).first()
        if unit_row is None:
            names = "、".join(s.scalars(select(Unit.name).order_by(Unit.name)))
            raise UserError(f"没有名为“{unit}”的单位。现有单位：{names or '（花名册为空）'}。")
    if person:
        if layout["records"] == "summary":
            raise UserError("季度汇总表按单位统计：请用 --unit 指定单位，或不加参数导出全部单位。")
        if unit_row is not None and isinstance(person, str) and split_name(person)[1] is None:
            person = qualified_name(person.strip(), unit_row.name)  # --person 李娜 --unit 装配车间
        found = find_person(s, person)  # namesakes: "姓名（单位）"; a bare shared name is refused
        if unit_row is not None and found.unit_id != unit_row.id:
            raise UserError(f"“{found.name}”是{found.unit.name}的，不是{unit_row.name}的：请检查人员和单位。")
        label = f"{layout.get('heading_label') or '姓名：'}{found.name}　　单位：{found.unit.name}"
        return Scope([found.id], None, label)
    if unit_row is not None:
        return Scope(None, unit_row.id, f"单位：{unit_row.name}")
    return Scope(None, None, "范围：全部单位")


def _recorders(layout: dict, scope: Scope):
    """A subquery of the people whose records go in the ledger."""
    if scope.person_ids is not None:
        return select(Person.id).where(Person.id.in_(scope.person_ids))
    query = select(PersonRole.person_id).where(PersonRole.role.in_(layout.get("recorder_roles") or []))
    if scope.unit_id is not None:
        query = query.join(Person, Person.id == PersonRole.person_id).where(Person.unit_id == scope.unit_id)
    return query


# -- rows -------------------------------------------------------------------------------------------

def _people_index(s: Session) -> dict[int, tuple[str, str, str]]:
    """person id -> (name, unit, roles joined by 、)."""
    roles: dict[int, list[str]] = defaultdict(list)
    for pid, role in s.execute(select(PersonRole.person_id, PersonRole.role).order_by(PersonRole.person_id,
                                                                                     PersonRole.position)):
        roles[pid].append(role)
    rows = s.execute(select(Person.id, Person.name, Unit.name).join(Unit, Unit.id == Person.unit_id))
    return {pid: (name, unit, "、".join(roles[pid])) for pid, name, unit in rows}


def _contact_rows(s: Session, layout: dict, scope: Scope, p: Period):
    people = _people_index(s)
    chosen = (select(Contact.id).where(Contact.date.between(p.start, p.end),
                                       Contact.recorded_by_id.in_(_recorders(layout, scope))))
    names: dict[int, list[int]] = defaultdict(list)
    for cid, pid in s.execute(select(ContactPerson.contact_id, ContactPerson.person_id)
                              .where(ContactPerson.contact_id.in_(chosen))
                              .order_by(ContactPerson.contact_id, ContactPerson.position)):
        names[cid].append(pid)
    issues: dict[int, list[str]] = defaultdict(list)
    for cid, content in s.execute(select(Issue.contact_id, Issue.content).where(Issue.contact_id.in_(chosen))
                                  .order_by(Issue.contact_id, Issue.position)):
        issues[cid].append(content)
    rows = s.execute(select(Contact.id, Contact.date, Contact.form, Contact.place, Contact.headcount,
                            Contact.recorded_by_id).where(Contact.id.in_(chosen))
                     .order_by(Contact.date, Contact.id))
    for seq, (cid, date, form, place, headcount, rid) in enumerate(rows, start=1):
        rname, runit, rroles = people.get(rid, ("", "", ""))
        met = [people[pid][0] for pid in names.get(cid, []) if pid in people]
        if not met:
            who = f"{headcount}名职工"
        elif headcount > len(met):
            who = f"{'、'.join(met)}等{headcount}人"
        else:
            who = "、".join(met)
        units = list(dict.fromkeys(people[pid][1] for pid in names.get(cid, []) if pid in people))
        yield {
            "seq": seq, "date": date.isoformat(), "form": form, "place": place or "",
            "recorder": rname, "recorder_unit": runit,
            "recorder_with_roles": f"{rname}（{rroles}）" if rroles else rname,
            "people": who, "headcount": headcount, "issues": "；".join(issues.get(cid, [])),
            "place_or_units": place or "、".join(units),
        }


def _opinion_rows(s: Session, layout: dict, scope: Scope, p: Period):
    people = _people_index(s)
    chosen = select(Opinion.id).where(Opinion.date.between(p.start, p.end),
                                      Opinion.recorded_by_id.in_(_recorders(layout, scope)))
    contact_people: dict[int, list[str]] = defaultdict(list)
    linked = select(Opinion.contact_id).where(Opinion.id.in_(chosen), Opinion.contact_id.is_not(None))
    for cid, pid in s.execute(select(ContactPerson.contact_id, ContactPerson.person_id)
                              .where(ContactPerson.contact_id.in_(linked))
                              .order_by(ContactPerson.contact_id, ContactPerson.position)):
        contact_people[cid].append(people.get(pid, ("",))[0])
    rows = s.execute(select(Opinion.date, Opinion.content, Opinion.raised_by_id, Opinion.raised_by_text,
                            Opinion.contact_id, Opinion.recorded_by_id, Opinion.status, Opinion.representative_view,
                            Opinion.result, Opinion.satisfaction, Opinion.closed_on)
                     .where(Opinion.id.in_(chosen)).order_by(Opinion.date, Opinion.id))
    for seq, (date, content, raiser, raiser_text, cid, rid, status, view, result, sat, closed) in enumerate(rows, 1):
        raised = (people[raiser][0] if raiser in people else None) or raiser_text or \
            "、".join(contact_people.get(cid, []))
        rname, runit, _ = people.get(rid, ("", "", ""))
        yield {
            "seq": seq, "date": date.isoformat(), "raised_by": raised or "", "content": content,
            "representative_view": view or "", "result": result or "",
            "result_or_status": result or f"（{status}）", "satisfaction": sat or "", "status": status,
            "recorder": rname, "recorder_unit": runit, "closed_on": closed.isoformat() if closed else "",
        }


def _months(p: Period) -> int:
    return (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1


def _obligations_by_unit(ctx, period: str, unit: str | None) -> dict[str, dict]:
    """The obligation engine's per-unit tally for the period, when that engine is installed."""
    import importlib.util

    if importlib.util.find_spec("knowledge.obligations") is None:
        return {}
    from knowledge.obligations import overview

    return {row["unit"]: row for row in overview(ctx, period, unit).get("by_unit", [])}


def _summary_rows(s: Session, layout: dict, scope: Scope, p: Period, tally: dict[str, dict] | None = None):
    quotas = {q["role"]: q["per_month"] for q in layout["quotas"]}
    units = dict(s.execute(select(Unit.id, Unit.name).order_by(Unit.id)).all())
    if scope.unit_id is not None:
        units = {scope.unit_id: units[scope.unit_id]}
    owed: dict[int, int] = {}
    for pid, role in s.execute(select(PersonRole.person_id, PersonRole.role).where(PersonRole.role.in_(quotas))):
        owed[pid] = max(owed.get(pid, 0), quotas[role])
    unit_of = dict(s.execute(select(Person.id, Person.unit_id)).all())
    bound: dict[int, list[int]] = defaultdict(list)
    for pid in owed:
        bound[unit_of[pid]].append(pid)

    def per_unit(query):
        return dict(s.execute(query).all())

    bound_ids = list(owed)
    contacts = per_unit(select(Person.unit_id, func.count(Contact.id))
                        .join(Person, Person.id == Contact.recorded_by_id)
                        .where(Contact.date.between(p.start, p.end),
                               Contact.recorded_by_id.in_(select(PersonRole.person_id)
                                                          .where(PersonRole.role.in_(quotas))))
                        .group_by(Person.unit_id)) if bound_ids else {}
    reached = per_unit(select(Person.unit_id, func.coalesce(func.sum(Contact.headcount), 0))
                       .join(Person, Person.id == Contact.recorded_by_id)
                       .where(Contact.date.between(p.start, p.end)).group_by(Person.unit_id))
    opinions = per_unit(select(Person.unit_id, func.count(Opinion.id))
                        .join(Person, Person.id == Opinion.recorded_by_id)
                        .where(Opinion.date.between(p.start, p.end)).group_by(Person.unit_id))
    closed = per_unit(select(Person.unit_id, func.count(Opinion.id))
                      .join(Person, Person.id == Opinion.recorded_by_id)
                      .where(Opinion.closed_on.between(p.start, p.end)).group_by(Person.unit_id))
    submitted = per_unit(select(Person.unit_id, func.count(Proposal.id))
                         .join(Person, Person.id == Proposal.proposer_id)
                         .where(Proposal.status == "已提交", Proposal.submitted_on.between(p.start, p.end))
                         .group_by(Person.unit_id))
    months = _months(p)
    for uid, name in units.items():
        t = (tally or {}).get(name, {})
        yield {
            "obligation_items": t.get("items_total", 0), "obligation_items_met": t.get("items_met", 0),
            "people_behind": t.get("people_behind", 0),
            # Everyone owing anything in the period (the engine's tally also binds 工会主席, who has no
            # monthly contact quota), so that 未达标人数 can never exceed 应履职人数.
            "unit": name, "bound_people": max(len(bound.get(uid, [])), t.get("people", 0)),
            "contacts_required": sum(owed[pid] for pid in bound.get(uid, [])) * months,
            "contacts_done": contacts.get(uid, 0), "people_reached": int(reached.get(uid, 0)),
            "opinions": opinions.get(uid, 0), "opinions_closed": closed.get(uid, 0),
            "proposals_submitted": submitted.get(uid, 0),
        }


ROW_SOURCES = {"contacts": _contact_rows, "opinions": _opinion_rows, "summary": _summary_rows}


# -- the workbook ---------------------------------------------------------------------------------------

def _document_short(document: str) -> str:
    try:
        from knowledge.documents import bundled

        doc = bundled(document)
        if doc is not None:
            return doc.short or doc.title
    except ImportError:
        pass
    return document


def _write_workbook(layout: dict, p: Period, scope: Scope, rows, out: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    columns = layout["columns"]
    width = len(columns)
    last = get_column_letter(width)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(layout["name"][:31])
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.get("width", 14)
    ws.freeze_panes = "A4"
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def cell(value, *, font=None, align=wrap, fill=None, boxed=True):
        c = WriteOnlyCell(ws, value=value)
        c.alignment = align
        if font is not None:
            c.font = font
        if fill is not None:
            c.fill = fill
        if boxed:
            c.border = border
        return c

    title = filled_title(layout, p)
    ws.row_dimensions[1].height = 28
    ws.append([cell(title, font=Font(bold=True, size=14), align=centre, boxed=False)])
    basis = f"依据：《{_document_short(layout['document'])}》{layout['clause']}"
    subtitle = f"{scope.label}　　期间：{describe_period(p)}（{p.start.isoformat()}至{p.end.isoformat()}）　　{basis}"
    ws.row_dimensions[2].height = 32
    ws.append([cell(subtitle, align=Alignment(wrap_text=True, vertical="center"), boxed=False)])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    ws.append([cell(c["header"], font=Font(bold=True), align=centre, fill=header_fill) for c in columns])

    # Styling each data cell through openpyxl's descriptors hashes the style objects every
    # time (most of the export's cost on large ledgers); the style array of one styled
    # template cell is copied instead.
    template = cell("")
    count = 0
    for row in rows:
        values = []
        for value in row:
            c = WriteOnlyCell(ws, value=value)
            c._style = copy(template._style)
            values.append(c)
        ws.append(values)
        count += 1
    if count == 0:
        ws.merged_cells.add(f"A4:{last}4")
        ws.append([cell(NO_RECORDS, align=centre)])
    elif layout.get("chart"):
        _add_chart(ws, layout, count)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return count


def _add_chart(ws, layout: dict, count: int) -> None:
    from openpyxl.chart import BarChart, Reference

    fields = [c["field"] for c in layout["columns"]]
    chart = BarChart()
    chart.type = "col"
    chart.title = layout["chart"]["title"]
    chart.y_axis.title = "次数"
    chart.height, chart.width = 9, 18
    for f in layout["chart"]["series"]:
        col = fields.index(f) + 1
        chart.add_data(Reference(ws, min_col=col, min_row=3, max_row=3 + count), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=3 + count))
    from openpyxl.utils import get_column_letter

    ws.add_chart(chart, f"{get_column_letter(len(fields) + 2)}3")


def export_ledger(ctx, name: str, period: str, out_path, person: str | None = None,
                  unit: str | None = None) -> dict:
    """`export NAME --period P [--person N | --unit U] --out FILE.xlsx`: write one ledger."""
    layout = layouts().get(name)
    if layout is None:
        raise UserError(f"没有名为“{name}”的台账。可导出的台账：{'、'.join(layouts())}（用 export --list 查看说明）。")
    p = parse_period(period)
    out = Path(out_path)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"输出文件“{out}”应以 .xlsx 结尾。")
    source = ROW_SOURCES[layout["records"]]
    if layout["records"] == "summary":
        if person:
            raise UserError("季度汇总表按单位统计：请用 --unit 指定单位，或不加参数导出全部单位。")
        # Read before our own session: every session here holds the SQLite write lock.
        source = partial(_summary_rows, tally=_obligations_by_unit(ctx, format_period(p), unit))
    fields = [c["field"] for c in layout["columns"]]
    # Rows are read into plain lists and the session closed before the workbook is written,
    # so the database is held only for the queries.
    with read_session(ctx.url) as s:
        scope = _scope(s, layout, person, unit)
        rows = [[row[f] for f in fields] for row in source(s, layout, scope, p)]
    count = _write_workbook(layout, p, scope, rows, out)
    return {"ledger": name, "title": filled_title(layout, p), "document": layout["document"],
            "clause": layout["clause"], "period": period.strip(), "person": person, "unit": unit,
            "rows": count, "out": str(out),
            "columns": [c["header"] for c in layout["columns"]]}
