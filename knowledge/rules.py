"""Obligation rules: who must do what, how often, with how many people, and which words say so.

The bundled regulations' rules are data: `knowledge/rules/<document>.yaml`, one file per
document, each rule with the verbatim quote and clause path it comes from. They are
checked against the `Rule` schema when loaded, and a quote that is not a verbatim span of
its document fails loading. Rules found in documents added at run time live in the
`stored_rules` table: `propose_rules` reads a document and stores what it finds as
"proposed"; `accept_rule` makes one active (it then counts like a bundled rule).

What a rule counts (`qualifies`) is data too; knowledge/obligations.py does the counting.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from store import db
from store.errors import UserError
from store.models import AuditEntry, StoredRule
from store.schemas import Form

log = logging.getLogger(__name__)

RULES_DIR = Path(__file__).resolve().parent / "rules"

Kind = Literal["联系职工", "联系职工代表", "调研巡察", "办实事", "提案", "代表活动", "调研报告", "其他"]
PeriodKind = Literal["month", "quarter", "half-year", "year", "campaign", "once"]
Unit = Literal["次", "名", "个", "天", "户", "篇", "件", "条"]
PERIOD_ORDER = ("month", "quarter", "half-year", "year", "campaign", "once")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Qualifier(_Model):
    """Which records count toward a rule.

    contact: the person's contacts (recorded_by) dated in the period, of one of `forms`;
      with `contacted_roles`, only contacts that reached a rostered person holding one of
      them (or, with `count_unnamed`, that name fewer people than their headcount);
      `text_contains`: the topic or the words as said contain one of these.
      `count`: records (acts), distinct_dates (days), distinct_places (enterprises …).
    opinion: opinions the person recorded, with one of `statuses`, `date_field` in the period.
    proposal: proposals the person proposed, with one of `statuses`, `date_field` in the period.
    """

    record: Literal["contact", "opinion", "proposal"]
    forms: list[Form] | None = None
    contacted_roles: list[str] | None = None
    count_unnamed: bool = False
    text_contains: list[str] | None = None
    count: Literal["records", "distinct_dates", "distinct_places"] = "records"
    statuses: list[str] | None = None
    date_field: Literal["date", "closed_on", "submitted_on"] = "date"

    @model_validator(mode="after")
    def _fits_record(self):
        contact_only = (self.forms, self.contacted_roles, self.text_contains)
        if self.record != "contact" and (any(contact_only) or self.count != "records" or self.count_unnamed):
            raise ValueError("forms/contacted_roles/text_contains/count/count_unnamed apply to contacts only")
        valid_dates = {"contact": {"date"}, "opinion": {"date", "closed_on"}, "proposal": {"date", "submitted_on"}}
        if self.date_field not in valid_dates[self.record]:
            raise ValueError(f"date_field {self.date_field} is not a date of {self.record}")
        return self


class Source(_Model):
    clause: str
    quote: str
    about: str | None = None  # what these words add: people, notice, period, roles …


class Due(_Model):
    """The regulation's own date: `month` of the period's year ("last" = the period's last month)."""

    month: int | Literal["last"]
    day: int = Field(ge=1, le=31)


class Rule(_Model):
    id: str
    document: str
    clause: str
    quote: str
    label: str | None = None  # a shorter verbatim span of `quote` to show as the rule
    extra: list[Source] = Field(default_factory=list)
    roles: list[str] = Field(min_length=1)
    kind: Kind
    period: PeriodKind
    required: int | None = Field(default=None, ge=1)
    required_max: int | None = None
    people_min: int | None = Field(default=None, ge=1)
    people_max: int | None = None
    unit: Unit
    due: Due | None = None
    notice_days: int | None = None
    # Empty: no record type shows this obligation; it is listed as a reminder, never met.
    qualifies: list[Qualifier] = Field(default_factory=list)
    status: Literal["bundled", "proposed", "accepted"] = "bundled"

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles):
        from store.roster import canonical_roles

        unknown = [r for r in roles if r not in canonical_roles()]
        if unknown:
            raise ValueError(f"unknown roles {unknown}; roster roles are {canonical_roles()}")
        return roles

    @model_validator(mode="after")
    def _consistent(self):
        if self.required is None and self.people_min is None:
            raise ValueError("a rule needs `required` or `people_min`")
        if self.required_max is not None and (self.required is None or self.required_max < self.required):
            raise ValueError("required_max below required")
        if self.people_max is not None and (self.people_min is None or self.people_max < self.people_min):
            raise ValueError("people_max below people_min")
        if self.label is not None and self.label not in self.quote:
            raise ValueError("label must be a span of quote")
        return self

    @property
    def tracked(self) -> bool:
        return bool(self.qualifies)

    @property
    def text(self) -> str:
        """The rule as shown: its own words, then the words it also rests on (all verbatim)."""
        parts = [self.label or self.quote] + [e.quote for e in self.extra if e.about in ("people", "notice")]
        return "；".join(parts)

    def check_quotes(self, text: str) -> None:
        for quote in [self.quote] + [e.quote for e in self.extra]:
            if quote not in text:
                raise ValueError(f"rule {self.id}: quote is not verbatim in document {self.document}: {quote!r}")


def rule_dict(rule: Rule) -> dict:
    """The contract's JSON for one rule (CONTRACT.md, "Obligation rules"), plus added fields."""
    return {
        "id": rule.id,
        "document": rule.document,
        "clause": rule.clause,
        "quote": rule.quote,
        "roles": list(rule.roles),
        "kind": rule.kind,
        "period": rule.period,
        "required": rule.required,
        "people_min": rule.people_min,
        "people_max": rule.people_max,
        "unit": rule.unit,
        "required_max": rule.required_max,
        "rule": rule.text,
        "due": rule.due.model_dump() if rule.due else None,
        "notice_days": rule.notice_days,
        "tracked": rule.tracked,
        "qualifies": [q.model_dump(exclude_defaults=True) for q in rule.qualifies],
        "extra": [e.model_dump(exclude_none=True) for e in rule.extra],
        "status": rule.status,
    }


# -- loading -----------------------------------------------------------------------


def _bundled_text(document_id: str) -> str:
    from .documents import bundled

    doc = bundled(document_id)
    if doc is None:
        raise ValueError(f"rules file for unknown bundled document {document_id!r}")
    return doc.text


def load_rules_file(path: Path) -> list[Rule]:
    """One document's rules from YAML, validated against the schema and the document's text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = str(data["document"])
    if path.stem != document:
        raise ValueError(f"{path.name}: document {document!r} must match the file name")
    text = _bundled_text(document)
    rules = []
    for raw in data.get("rules") or []:
        try:
            rule = Rule.model_validate({**raw, "document": document})
        except Exception as exc:
            raise ValueError(f"{path.name}: rule {raw.get('id')}: {exc}") from exc
        rule.check_quotes(text)
        rules.append(rule)
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path.name}: duplicate rule ids")
    return rules


@lru_cache(maxsize=1)
def bundled_rules() -> tuple[Rule, ...]:
    """Every rule of knowledge/rules/NNN.yaml (files starting with "_" are not rule files)."""
    rules: list[Rule] = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        if not path.name.startswith("_"):
            rules.extend(load_rules_file(path))
    return tuple(rules)


def stored_rules(s: Session, status: str | None = None, document: str | None = None) -> list[Rule]:
    q = select(StoredRule).order_by(StoredRule.document, StoredRule.id)
    if status:
        q = q.where(StoredRule.status == status)
    if document:
        q = q.where(StoredRule.document == document)
    out = []
    for row in s.execute(q).scalars():
        try:
            out.append(Rule.model_validate({**row.data, "id": row.id, "document": row.document, "status": row.status}))
        except Exception as exc:  # a hand-edited row that no longer fits: skip it, say so
            log.warning("stored rule %s is invalid and is ignored: %s", row.id, exc)
    return out


def active_rules(s: Session) -> list[Rule]:
    """The rules that count: the bundled ones and the accepted stored ones."""
    return list(bundled_rules()) + stored_rules(s, status="accepted")


# -- the contract's commands -------------------------------------------------------------


def _check_document(ctx, document: str) -> None:
    from .documents import get_document

    if get_document(ctx, document) is None:
        raise UserError(f"知识库中没有编号为“{document}”的文档。可用 kb list 查看已有文档。")


def list_rules(ctx, document: str | None = None) -> dict:
    """`rules list [--document D]`: every active rule, optionally of one document."""
    if document:
        _check_document(ctx, document)
    with db.session(ctx.url) as s:
        rules = active_rules(s)
    return {"rules": [rule_dict(r) for r in rules if document is None or r.document == document]}


def propose_rules(ctx, document: str) -> dict:
    """`rules propose DOCUMENT`: find its quantified obligations and store them for review."""
    from .documents import get_document

    doc = get_document(ctx, document)
    if doc is None:
        raise UserError(f"知识库中没有编号为“{document}”的文档。请先用 kb add 添加，或用 kb list 查看已有文档。")
    found = find_obligations(doc.id, doc.text, doc.bound_roles)

    def write(s: Session) -> list[Rule]:
        rows = s.execute(select(StoredRule).where(StoredRule.document == doc.id)).scalars().all()
        active = [r for r in bundled_rules() if r.document == doc.id] + [
            Rule.model_validate({**r.data, "id": r.id, "document": r.document, "status": r.status})
            for r in rows if r.status == "accepted"]
        taken = {r.id for r in rows if r.status == "accepted"}
        for r in rows:
            if r.status == "proposed":
                s.delete(r)
        s.flush()
        stored, n = [], 0
        for rule in found:
            if any(_same_obligation(rule, a) for a in active):
                continue  # already active (a bundled rule, or one accepted before)
            n += 1
            while f"{doc.id}-p{n:02d}" in taken:
                n += 1
            rule = rule.model_copy(update={"id": f"{doc.id}-p{n:02d}", "status": "proposed"})
            data = rule.model_dump(mode="json", exclude={"id", "document", "status"})
            s.add(StoredRule(id=rule.id, document=doc.id, data=data, status="proposed"))
            stored.append(rule)
        s.add(AuditEntry(action="propose", table_name="stored_rules", row_id=doc.id,
                         detail={"proposed": [r.id for r in stored]}))
        return stored

    stored = db.write(ctx.url, write)
    return {"rules": [rule_dict(r) for r in stored]}


def _same_obligation(found: Rule, active: Rule) -> bool:
    """Is a found rule already said by an active one (its words, period and count; or the
    further words, e.g. the people range, that the active rule rests on)?"""
    if found.period != active.period:
        return False
    overlap = lambda a, b: a in b or b in a  # noqa: E731
    if overlap(found.quote, active.quote):
        return found.required == active.required and found.people_min in (None, active.people_min)
    return any(overlap(found.quote, e.quote) for e in active.extra)


def accept_rule(ctx, rule_id: str) -> dict:
    """`rules accept ID`: make a proposed rule active."""

    def write(s: Session) -> Rule:
        row = s.get(StoredRule, rule_id)
        if row is None:
            raise UserError(f"没有编号为“{rule_id}”的待审规则。请先运行 rules propose 文档编号，再用列出的编号启用。")
        rule = Rule.model_validate({**row.data, "id": row.id, "document": row.document, "status": "accepted"})
        if row.status != "accepted":
            row.status = "accepted"
            s.add(AuditEntry(action="accept", table_name="stored_rules", row_id=row.id, detail={"document": row.document}))
        return rule

    rule = db.write(ctx.url, write)
    return {"rules": [rule_dict(rule)], "accepted": rule.id}


# -- finding obligations in a new document -------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return yaml.safe_load((RULES_DIR / "_lexicon.yaml").read_text(encoding="utf-8"))


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"\d+|[一二两三四五六七八九十百]+"
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_SEGMENT_END = re.compile(r"[，,：:]")
_LEADING_MARKER = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d{1,2}\s*[.．、](?!\d))\s*")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_DEADLINE = re.compile(r"(\d{1,2})月(\d{1,2})日?(?:之)?前")


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if "百" in text:
        return None
    if text.startswith("十"):
        text = "一" + text
    if "十" in text:
        tens, _, ones = text.partition("十")
        if tens not in _CN_DIGITS or (ones and ones not in _CN_DIGITS):
            return None
        return _CN_DIGITS[tens] * 10 + (_CN_DIGITS[ones] if ones else 0)
    return None


def _counts(masked: str) -> list[dict]:
    """Counts in a segment: [{low, high, unit, people, start, end}], in reading order."""
    lex = _lexicon()
    units = lex["units"]
    pattern = re.compile(rf"({_NUM})\s*(?:[-~～—至到]\s*({_NUM}))?\s*({'|'.join(map(re.escape, units))})")
    out = []
    for m in pattern.finditer(masked):
        after = masked[m.end():m.end() + 4]
        if any(after.startswith(w) for w in lex["not_after"]):
            continue
        if m.start() > 0 and any(masked[:m.start()].endswith(w) for w in lex["not_before"]):
            continue
        low = _number(m.group(1))
        high = _number(m.group(2)) if m.group(2) else None
        if low is None or low <= 0:
            continue
        u = units[m.group(3)]
        out.append({"low": low, "high": high, "unit": u["unit"], "people": bool(u.get("people")),
                    "start": m.start(), "end": m.end()})
    return out


def _first_period(text: str) -> str | None:
    best = None
    for entry in _lexicon()["periods"]:
        for w in entry["words"]:
            at = text.find(w)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, entry["period"])
    return best[1] if best else None


def _roles_in(sentence: str) -> list[str]:
    """Roles named first in a sentence (the subject of an obligation, by the regulations' habit)."""
    entries = [(w, e["roles"]) for e in _lexicon()["roles"] for w in e["words"]]
    best = None
    for word, roles in entries:
        at = sentence.find(word)
        if at >= 0 and (best is None or at < best[0] or (at == best[0] and len(word) > best[1])):
            best = (at, len(word), roles)
    return list(best[2]) if best else []


def _kind(segment: str) -> str:
    # The subject ("职工代表每月至少走访3名职工") says who, not what: classify the rest.
    for word in sorted((w for e in _lexicon()["roles"] for w in e["words"]), key=len, reverse=True):
        for lead in ("每名", "每位", "每个", ""):
            if segment.startswith(lead + word):
                segment = segment[len(lead + word):]
                break
        else:
            continue
        break
    for entry in _lexicon()["kinds"]:
        if any(w in segment for w in entry["words"]):
            return entry["kind"]
    return "其他"


def _spans(text: str, start: int, end: int, splitter: re.Pattern) -> list[tuple[int, int]]:
    out, at = [], start
    for m in splitter.finditer(text, start, end):
        if m.start() > at:
            out.append((at, m.start()))
        at = m.end()
    if end > at:
        out.append((at, end))
    return out


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    m = _LEADING_MARKER.match(text, a, b)
    if m and m.end() > a:
        a = m.end()
    while a < b and text[a] in " \t\u3000":
        a += 1
    while b > a and text[b - 1] in " \t\u3000":
        b -= 1
    return a, b


def find_obligations(document_id: str, text: str, bound_roles=()) -> list[Rule]:
    """The quantified obligations of a document, as rules for review (pure).

    Sentences (split at 。；！？ and line ends) are cut into segments at ，：. A segment is an
    obligation when it holds a count ("一次", "2-4名", "不少于60天"), a deadline ("9月10前"),
    or a frequency word with an act and no number ("每季度末…报送"). Its period is the first
    frequency word of the segment, else of the sentence so far, else `campaign`; who it
    binds is the first role the sentence names, else the document's bound roles. Counts
    inside quotation marks (“四个一”) are names, not quotas. Segments of the preamble, the
    closing block and attachments are skipped.
    """
    from .clauses import clause_at
    from .documents import parsed

    lex = _lexicon()
    nodes = parsed(text)
    default_qualifies = lex["qualifies"]
    found: list[tuple[Rule, bool]] = []
    for s_start, s_end in _spans(text, 0, len(text), _SENTENCE_END):
        sentence = text[s_start:s_end]
        roles = _roles_in(sentence) or [r for r in bound_roles]
        period_so_far = None
        for a, b in _spans(text, s_start, s_end, _SEGMENT_END):
            a, b = _trimmed(text, a, b)
            if b - a < 4:
                continue
            segment = text[a:b]
            masked = _QUOTED.sub(lambda m: "※" * len(m.group(0)), segment)
            own_period = _first_period(masked)
            period_so_far = own_period or period_so_far
            node = clause_at(nodes, a, b)
            if node is None or node.kind != "clause" or node.path.startswith("附件"):
                continue
            counts = _counts(masked)
            acts = [c for c in counts if not c["people"]]
            people = [c for c in counts if c["people"]]
            deadline = _DEADLINE.search(masked)
            due = None
            if acts:
                first = acts[0]
                required, required_max, unit = first["low"], first["high"], first["unit"]
                # "1个社区、1个企业": counts of one unit listed with 、 add up.
                for prev, nxt in zip(acts, acts[1:]):
                    gap = masked[prev["end"]:nxt["start"]]
                    if nxt["unit"] == unit and "、" in gap and len(gap) <= 8 and "或" not in gap:
                        required += nxt["low"]
            elif people:
                required, required_max, unit = None, None, "名"
            elif deadline or (own_period and any(w in masked for w in lex["act_words"])):
                required, required_max, unit = 1, None, ("件" if deadline else "次")
            else:
                continue
            if deadline:
                month, day = int(deadline.group(1)), int(deadline.group(2))
                if 1 <= month <= 12 and 1 <= day <= 31:
                    due = Due(month=month, day=day)
            period = own_period or ("year" if deadline else period_so_far) or "campaign"
            people_min = people[0]["low"] if people else None
            people_max = people[0]["high"] if people else None
            if people_min is None and required is None:
                continue
            kind = _kind(masked)
            if not roles:
                continue
            try:
                rule = Rule(
                    id=f"{document_id}-p{len(found) + 1:02d}", document=document_id, clause=node.path,
                    quote=segment, roles=roles, kind=kind, period=period, required=required,
                    required_max=required_max if required_max and required and required_max >= required else None,
                    people_min=people_min,
                    people_max=people_max if people_max and people_min and people_max >= people_min else None,
                    unit=unit, due=due, qualifies=default_qualifies.get(kind, []), status="proposed",
                )
            except ValueError as exc:
                log.debug("segment %r not proposed: %s", segment, exc)
                continue
            is_heading = text[node.start:a].strip() == node.marker.strip()
            found.append((rule, is_heading))
    return _dedupe(found, document_id)


def _dedupe(found: list[tuple[Rule, bool]], document_id: str) -> list[Rule]:
    """A clause's heading ("（八）解决一件职工民生诉求") and the sentence of the same clause that
    spells it out ("…协调解决至少1件职工民生诉求") are one obligation: the heading is dropped."""
    def key(r: Rule) -> tuple:
        return (r.clause, r.required, r.people_min, r.unit)

    bodies = {key(r) for r, heading in found if not heading}
    kept = [r for r, heading in found if not (heading and key(r) in bodies)]
    return [r.model_copy(update={"id": f"{document_id}-p{i:02d}"}) for i, r in enumerate(kept, 1)]
