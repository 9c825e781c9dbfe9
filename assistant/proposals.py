"""Proposal drafts (提案) grounded in the speaker's own records, and their saving/submission.

`draft_proposal` reads; it writes nothing. It gathers facts — the speaker's contacts and
opinions whose words match the request's subject — and fills the templates of
`assistant/proposal_templates.yaml` with them. Nothing is invented: a draft with no
matching records says so instead of describing a situation. With an LLM configured, the
LLM may rewrite the reason's prose from the same facts; its text is shown only if every
name, number and quote in it appears in the facts (else the template's text stands).

`save_proposal` / `submit_proposal` / `mark_submitted` take the caller's Session and do
not commit (the dialogue owns the transaction).
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from assistant.opinions import match_score
from assistant.understanding.fields import proposal_topic
from assistant.understanding.intents import strip_opener
from assistant.understanding.parse import normalise
from store.db import session as read_session
from store.errors import UserError
from store.models import AuditEntry, Contact, ContactPerson, Opinion, OpinionSeconder, Person, Proposal
from store.people import find_person
from store.schemas import Citation, DraftProposal

log = logging.getLogger(__name__)

MATCH_THRESHOLD = 0.5  # share of the subject's key bigrams a record must contain
PLACEHOLDERS = ("XXX", "xxx", "某某", "××", "ＸＸＸ")


@lru_cache(maxsize=1)
def templates() -> dict:
    data = yaml.safe_load(Path(__file__).with_name("proposal_templates.yaml").read_text(encoding="utf-8"))
    for kind in data["kinds"]:
        for c in kind["cite"]:
            if not _verify(c["document"], c["quote"]):
                raise ValueError(f"proposal_templates.yaml: quote not verbatim in {c['document']}: {c['quote']}")
    return data


def _verify(document: str, quote: str) -> bool:
    try:
        from knowledge.clauses import verify_quote
    except ImportError:
        corpus = Path(__file__).resolve().parent.parent / "knowledge" / "corpus" / f"{document}.txt"
        return quote in corpus.read_text(encoding="utf-8")
    return verify_quote(document, quote)


def _short(document: str) -> str:
    try:
        from knowledge.documents import bundled

        doc = bundled(document)
        return (doc.short or doc.title) if doc else document
    except ImportError:
        return document


# -- the request ---------------------------------------------------------------------------------

def request_topic(text: str) -> str:
    """The subject of a draft request, in the speaker's words ("夜班食堂热饭"): read by the same
    function the chat's understanding uses (understanding.fields.proposal_topic), so the command
    line and the chat never disagree on a subject."""
    topic = proposal_topic(strip_opener(normalise(text)))  # read past 那个 / 好的 as the chat does
    if not topic:
        raise UserError("请说明提案的主题，例如：“帮我起草一个关于夜班食堂热饭的提案”。")
    return topic


# -- facts ---------------------------------------------------------------------------------------------

@dataclass
class ContactFact:
    date: dt.date
    recorder: str
    form: str
    who: str
    place: str | None
    issues: list[str]
    headcount: int


@dataclass
class OpinionFact:
    id: int
    date: dt.date
    raiser: str
    content: str
    seconders: list[str]
    status: str
    contact_id: int | None


@dataclass
class Facts:
    topic: str
    named: list[str] = field(default_factory=list)  # rostered workers the request names (杨帆反映的…)
    contacts: list[ContactFact] = field(default_factory=list)
    opinions: list[OpinionFact] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.contacts and not self.opinions


def _named_people(s: Session, text: str, speaker: Person) -> list[str]:
    """Rostered names said in the request (longest first, so 欧阳明 is not read as 阳明)."""
    names = sorted({n for n in s.scalars(select(Person.name)) if n and n != speaker.name}, key=len, reverse=True)
    found, rest = [], text
    for name in names:
        if name in rest:
            found.append(name)
            rest = rest.replace(name, " ")
    return found


def gather_facts(s: Session, speaker: Person, text: str) -> Facts:
    """The speaker's own contacts and opinions on the request's subject, oldest first."""
    topic = request_topic(text)
    named = _named_people(s, text, speaker)
    query_words = topic
    for name in named:
        query_words = query_words.replace(name, " ")
    facts = Facts(topic=topic, named=named)

    contacts = s.scalars(
        select(Contact).where(Contact.recorded_by_id == speaker.id)
        .options(selectinload(Contact.people).selectinload(ContactPerson.person), selectinload(Contact.issues))
        .order_by(Contact.date, Contact.id)
    ).all()
    for c in contacts:
        met = [cp.person.name for cp in c.people]
        if named and not set(named) & set(met):
            continue
        issues = [i.content for i in c.issues if match_score(query_words, i.content) >= MATCH_THRESHOLD]
        if not issues and c.topic and match_score(query_words, c.topic) >= MATCH_THRESHOLD:
            issues = [i.content for i in c.issues] or [c.topic]
        if not issues:
            continue
        if not met:
            who = f"{c.headcount}名职工"
        elif c.headcount > len(met):
            who = f"{'、'.join(met)}等{c.headcount}名职工"
        else:
            who = "、".join(met)
        facts.contacts.append(ContactFact(c.date, speaker.name, c.form, who, c.place, issues, c.headcount))

    opinions = s.scalars(
        select(Opinion).where(or_(Opinion.recorded_by_id == speaker.id, Opinion.raised_by_id == speaker.id))
        .options(selectinload(Opinion.raised_by), selectinload(Opinion.recorded_by),
                 selectinload(Opinion.seconders).selectinload(OpinionSeconder.person))
        .order_by(Opinion.date, Opinion.id)
    ).all()
    for o in opinions:
        raiser = o.raised_by.name if o.raised_by else (o.raised_by_text or o.recorded_by.name)
        if named and raiser not in named and not any(n in (o.raised_by_text or "") for n in named):
            continue
        if match_score(query_words, f"{o.topic or ''} {o.content}") < MATCH_THRESHOLD:
            continue
        facts.opinions.append(OpinionFact(o.id, o.date, raiser, o.content,
                                          [sec.person.name for sec in o.seconders], o.status, o.contact_id))
    return facts


# -- composing -------------------------------------------------------------------------------------------

def _kind(roles: list[str]) -> dict:
    for kind in templates()["kinds"]:
        if not kind["roles"] or set(kind["roles"]) & set(roles):
            return kind
    raise AssertionError("proposal_templates.yaml needs a catch-all kind")


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def template_reason(facts: Facts, proposer: str, request: str) -> str:
    r = templates()["reason"]
    if facts.empty:
        named = r["no_records_named"].format(names="、".join(facts.named)) if facts.named else ""
        return r["no_records"].format(request=facts.topic or request, named=named)
    lines = [r["opening"].format(proposer=proposer, topic=facts.topic), r["records_intro"]]
    n = 0
    from_contacts = set()
    for c in facts.contacts:
        n += 1
        place = r["contact_place"].format(place=c.place) if c.place else ""
        lines.append(r["contact"].format(n=n, date=_date(c.date), recorder=c.recorder, form=c.form, who=c.who,
                                         place=place, issues="；".join(c.issues)))
        from_contacts.update(c.issues)
    for o in facts.opinions:
        if o.contact_id is not None and o.content in from_contacts and not o.seconders:
            continue  # already told as an issue of its contact
        n += 1
        seconded = (r["opinion_seconded"].format(count=len(o.seconders), names="、".join(o.seconders))
                    if o.seconders else "")
        status = r["opinion_status"].format(status=o.status) if o.status != "登记" else ""
        lines.append(r["opinion"].format(n=n, date=_date(o.date), raiser=o.raiser, content=o.content,
                                         seconded=seconded, status=status))
    lines.append(r["totals"].format(contacts=len(facts.contacts), opinions=len(facts.opinions),
                                    people=sum(c.headcount for c in facts.contacts)))
    return "\n".join(lines)


def suggestions_for(facts: Facts, kind: dict | None = None) -> list[str]:
    t = templates()
    closing = (kind or {}).get("suggestions_closing") or t["suggestions_closing"]
    words = t["suggestion_words"]
    said = [i for c in facts.contacts for i in c.issues] + [o.content for o in facts.opinions]
    own = [t["suggestion_from_record"].format(text=x) for x in dict.fromkeys(said) if any(w in x for w in words)]
    return own + [s.format(topic=facts.topic) for s in closing]


def compose_text(heading: str, title: str, proposer: str, seconders: list[str], reason: str,
                 suggestions: list[str], citations: list[Citation], unit: str = "", roles: str = "") -> str:
    lay = templates()["layout"]
    lines = [lay["heading"].format(heading=heading), "", lay["title"].format(title=title),
             lay["proposer"].format(proposer=proposer, unit=unit, roles=roles),
             lay["seconders"].format(seconders="、".join(seconders) if seconders else lay["no_seconders"]),
             "", lay["reason"], reason, "", lay["suggestions"]]
    lines += [lay["suggestion"].format(n=i, text=s) for i, s in enumerate(suggestions, 1)]
    lines += ["", lay["citations"]]
    lines += [lay["citation"].format(short=c.title or c.document, clause=c.clause, quote=c.quote) for c in citations]
    return "\n".join(lines)


# -- the optional LLM ------------------------------------------------------------------------------------------

def facts_text(facts: Facts, proposer: str) -> str:
    """The facts as plain lines: what the LLM is given and what its answer is checked against."""
    return template_reason(facts, proposer, facts.topic)


def check_llm_text(text: str, facts: str, roster_names: set[str]) -> bool:
    """True when every number, rostered name and quoted span of `text` appears in `facts`."""
    if not text or any(p in text for p in PLACEHOLDERS):
        return False
    for number in re.findall(r"\d+", text):
        if number not in facts:
            return False
    for name in roster_names:
        if name in text and name not in facts:
            return False
    for quoted in re.findall(r"[“\"「](.+?)[”\"」]", text):
        if quoted not in facts:
            return False
    return True


def _llm_reason(ctx, facts: Facts, proposer: str) -> str | None:
    """The LLM's prose for the reason, or None (no LLM, an error, or a failed check)."""
    settings = ctx.settings
    if not settings.llm_enabled:
        return None
    try:
        from langchain_openai import ChatOpenAI

        llm = ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model,
                         api_key=settings.llm_api_key or "none", timeout=settings.llm_timeout, temperature=0)
        prompt = templates()["llm_prompt"].format(topic=facts.topic, facts=facts_text(facts, proposer))
        return str(llm.invoke(prompt).content).strip()
    except Exception as exc:  # any failure of an optional upgrade falls back to the template
        log.warning("LLM draft failed, using the template: %s", exc)
        return None


# -- public -------------------------------------------------------------------------------------------------

def draft_proposal(ctx, speaker: str | int | Person, text: str) -> DraftProposal:
    """A proposal draft from the speaker's words and their own records (writes nothing)."""
    with read_session(ctx.url) as s:
        person = find_person(s, speaker)  # "姓名", "姓名（单位）" for namesakes, a Person or an id
        facts = gather_facts(s, person, text)
        roster_names = set(s.scalars(select(Person.name)))
        kind = _kind(person.role_names)
        proposer_label = person.name
        unit, roles = person.unit.name, "、".join(person.role_names)
        seconders = list(dict.fromkeys(n for o in facts.opinions for n in o.seconders if n != person.name))
    title = kind["title"].format(topic=facts.topic)
    reason = template_reason(facts, proposer_label, text)
    if not facts.empty:
        prose = _llm_reason(ctx, facts, proposer_label)
        if prose is not None:
            if check_llm_text(prose, facts_text(facts, proposer_label), roster_names):
                reason = prose
            else:
                log.warning("LLM draft mentions facts not in the records; using the template")
    suggestions = suggestions_for(facts, kind)
    citations = [Citation(document=c["document"], clause=c["clause"], quote=c["quote"], title=_short(c["document"]))
                 for c in kind["cite"]]
    text_out = compose_text(kind["heading"], title, proposer_label, seconders, reason, suggestions, citations,
                            unit=unit, roles=roles)
    return DraftProposal(title=title, reason=reason, suggestions=suggestions, proposer=proposer_label,
                         seconders=seconders, citations=citations, text=text_out)


def _as_draft(draft) -> DraftProposal:
    if isinstance(draft, DraftProposal):
        return draft
    if isinstance(draft, dict):
        return DraftProposal.model_validate(draft)
    raise TypeError(f"not a draft: {type(draft).__name__}")


def save_proposal(s: Session, draft, proposer: Person | int | None = None, today: dt.date | None = None,
                  submit: bool = False, *, proposer_id: int | None = None, date: dt.date | None = None,
                  opinion_id: int | None = None) -> Proposal:
    """Keep a draft as a Proposal: 草稿, or 已提交 (submitted_on = today) when `submit`.

    `proposer_id`/`date` are accepted as keyword spellings of `proposer`/`today`.
    """
    d = _as_draft(draft)
    pid = proposer.id if isinstance(proposer, Person) else (proposer if proposer is not None else proposer_id)
    day = today or date
    if pid is None or day is None:
        raise TypeError("save_proposal needs the proposer and today")
    proposal = Proposal(title=d.title, proposer_id=pid, opinion_id=opinion_id, reason=d.reason,
                        suggestions=list(d.suggestions), seconders=list(d.seconders),
                        citations=[c.model_dump(mode="json") for c in d.citations], text=d.text,
                        status="草稿", date=day)
    s.add(proposal)
    s.flush()
    s.add(AuditEntry(actor_id=pid, action="insert", table_name="proposals", row_id=str(proposal.id),
                     detail={"title": d.title, "date": day.isoformat()}))
    if submit:
        submit_proposal(s, proposal, day, by_id=pid)
    return proposal


def submit_proposal(s: Session, proposal: Proposal, today: dt.date, by_id: int | None = None) -> Proposal:
    """Mark a proposal submitted today: from then on it counts toward the yearly 提案 quota."""
    if proposal.status == "已提交":
        raise UserError(f"提案“{proposal.title}”已于{proposal.submitted_on.isoformat()}提交，无需重复提交。")
    proposal.status = "已提交"
    proposal.submitted_on = today
    s.add(AuditEntry(actor_id=by_id if by_id is not None else proposal.proposer_id, action="status",
                     table_name="proposals", row_id=str(proposal.id),
                     detail={"from": "草稿", "to": "已提交", "date": today.isoformat()}))
    s.flush()
    return proposal


def find_proposals(s: Session, *, proposer_id: int, topic: str | None = None,
                   status: str | None = None) -> list[Proposal]:
    """A proposer's proposals, matching `topic` by key words when given; most recent first."""
    query = select(Proposal).where(Proposal.proposer_id == proposer_id).order_by(Proposal.id.desc())
    if status:
        query = query.where(Proposal.status == status)
    found = list(s.scalars(query))
    if topic:
        scored = [(match_score(topic, p.title + p.reason), p) for p in found]
        found = [p for score, p in sorted(scored, key=lambda x: -x[0]) if score > 0]
    return found


def mark_submitted(s: Session, *, proposal_id: int, by_id: int, date: dt.date) -> Proposal:
    """The dialogue's "提案已经提交了" turn."""
    proposal = s.get(Proposal, proposal_id)
    if proposal is None:
        raise UserError(f"没有编号为{proposal_id}的提案。")
    return submit_proposal(s, proposal, date, by_id=by_id)


def export_proposal_docx(draft_or_proposal, path) -> Path:
    """Write the draft (or a saved Proposal) as a .docx in the same layout."""
    from docx import Document
    from docx.shared import Pt

    if isinstance(draft_or_proposal, Proposal):
        text = draft_or_proposal.text
    else:
        text = _as_draft(draft_or_proposal).text
    lay = templates()["layout"]
    section_heads = (lay["reason"], lay["suggestions"], lay["citations"])
    doc = Document()
    lines = text.splitlines()
    doc.add_heading(lines[0] if lines else "提案", level=1)
    for line in lines[1:]:
        if not line.strip():
            continue
        para = doc.add_paragraph()
        run = para.add_run(line)
        run.font.size = Pt(12)
        if line in section_heads or line.startswith(("案由：", "提案人：", "附议人：")):
            run.bold = line in section_heads or line.startswith("案由：")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out
