"""One chat turn: text → Parse → validated record → confirmation → one transaction → reply.

`turn()` is the function behind `union-assistant say` and the chat page. The flow:

1. load the roster and the session's state (the pending Parse, what was asked);
2. understand the text: `understand()` for a fresh utterance (or the optional LLM, which
   fills the same `Parse`), `understand_followup()` when a record is pending;
3. `validate()` the Parse whatever produced it (dates not after today, names on the roster,
   missing slots recomputed);
4. `step()` decides what the turn does: cancel, answer a read-only request, ask for the
   first missing slot, show the pending record as a card, or save the confirmed record;
   before a complete record is shown, `_prepare()` looks up what it refers to (the opinion
   seconded, the proposal submitted, the draft) and refuses early what a rule would refuse;
5. the only writes: the session's new state, or, on confirmation, one `store.db.write`
   transaction holding the record's writes (`assistant.actions.apply`) and the cleared
   state together. Every sentence comes from the templates in `replies.yaml`.

Nothing is written without a confirmation (a "确认" turn, or `confirm=True` for --yes), and
never while anything is missing.
"""
from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from store.context import Context
from store.db import session as read_session
from store.db import write
from store.errors import UserError
from store.models import DialogueSession, Person
from store.people import find_person
from store.roster import load_people
from store.schemas import Parse, TurnResult

from . import actions

log = logging.getLogger(__name__)

MAX_TEXT = 2000          # characters in one utterance; longer is refused with a reply
MAX_SESSION_ID = 64      # DialogueSession.id column width
WRITING = ("log_contact", "log_opinion", "second_opinion", "update_status", "draft_proposal")
SLOT_ORDER = ("date", "form", "people", "issues", "topic", "status")


@lru_cache(maxsize=1)
def replies() -> dict:
    return yaml.safe_load(Path(__file__).with_name("replies.yaml").read_text(encoding="utf-8"))


def _say(key: str, **values) -> str:
    """The template at a dotted key of replies.yaml, filled."""
    node = replies()
    for part in key.split("."):
        node = node[part]
    return node.format(**values) if values else node


# -- state ------------------------------------------------------------------------------------

@dataclass
class State:
    """What a session remembers between turns (stored as JSON in dialogue_sessions.state)."""

    pending: Parse | None = None
    asked: str | None = None
    texts: list[str] = field(default_factory=list)  # the user's words that built the record
    extra: dict = field(default_factory=dict)       # e.g. the matched opinion, the proposal draft

    @classmethod
    def from_json(cls, data: dict | None) -> "State":
        data = data or {}
        pending = data.get("pending")
        try:
            parsed = Parse.model_validate(pending) if pending else None
        except ValueError:  # state written by an older schema: start afresh rather than fail
            parsed = None
        return cls(parsed, data.get("asked"), list(data.get("texts") or []), dict(data.get("extra") or {}))

    def to_json(self) -> dict:
        if self.pending is None:
            return {}
        return {"pending": self.pending.model_dump(mode="json"), "intent": self.pending.intent,
                "asked": self.asked, "texts": self.texts, "extra": self.extra}


def _save(ctx: Context, session_id: str | None, speaker: Person, state: State) -> None:
    """Persist a session's state on its own (turns that write no record)."""
    if session_id:
        write(ctx.url, lambda s: _store_state(s, session_id, speaker.id, state))


def _load_state(url: str, session_id: str | None, speaker_id: int) -> State:
    if not session_id:
        return State()
    with read_session(url) as s:
        row = s.get(DialogueSession, session_id)
        if row is None or row.speaker_id != speaker_id:  # another person's session id: start afresh
            return State()
        return State.from_json(row.state)


def _store_state(s, session_id: str | None, speaker_id: int, state: State) -> None:
    if not session_id:
        return
    row = s.get(DialogueSession, session_id)
    if row is None:
        s.add(DialogueSession(id=session_id, speaker_id=speaker_id, state=state.to_json()))
    else:
        row.speaker_id = speaker_id
        row.state = state.to_json()


# -- understanding and validation -----------------------------------------------------------------

def _understand(ctx: Context, text: str, speaker: str, roster) -> Parse:
    """The rule-based parser, or the optional LLM when configured (falling back on any failure)."""
    from .understanding import understand

    if ctx.settings.llm_enabled:
        from .llm import understand_with_llm

        parsed = understand_with_llm(ctx.settings, text, speaker, roster, ctx.today)
        if parsed is not None:
            return parsed
    return understand(text, speaker, roster, ctx.today)


def validate(parse: Parse, people: list[Person], speaker: Person, today: dt.date) -> Parse:
    """The checks every Parse passes, whichever parser produced it (rules or LLM).

    Dates after today are refused (records describe what happened); named people not on
    the roster are listed in unknown_people; the speaker is never among the people;
    headcount is at least the number of names; `missing` is recomputed.
    """
    from .understanding import required_missing

    fields = parse.fields.model_copy()
    notes = list(parse.notes)
    missing = list(parse.missing)
    if fields.date is not None and fields.date > today:
        notes.append(_say("future_date", date=fields.date.isoformat(), today=today.isoformat()))
        fields.date = None
        missing.append("date")
    unknown = list(parse.unknown_people)
    if fields.people is not None:
        names = {p.name for p in people}
        fields.people = [n for n in dict.fromkeys(fields.people) if n and n != speaker.name]
        for name in fields.people:
            if name not in names and name not in unknown and not _is_unresolved(name, parse):
                unknown.append(name)
        unknown = [n for n in unknown if n in fields.people]
        if parse.intent == "log_contact" and fields.people:
            fields.headcount = max(fields.headcount or 0, len(fields.people))
    missing += required_missing(parse.intent, fields)
    missing = sorted(dict.fromkeys(missing), key=lambda m: SLOT_ORDER.index(m) if m in SLOT_ORDER else 99)
    return parse.model_copy(update={"fields": fields, "notes": notes, "missing": missing,
                                    "unknown_people": unknown})


def _is_unresolved(name: str, parse: Parse) -> bool:
    """A name the parser already flagged as still to be asked (namesakes, 老张 with several 张)
    rather than a new person: the question for `people` settles it."""
    return name in parse.ambiguous_people or "people" in parse.missing


# -- turning a complete Parse into a record ---------------------------------------------------------

def _people_ids(parse: Parse, people: list[Person], speaker: Person, said: str) -> tuple[int | None, ...]:
    """Roster ids aligned with fields.people (None: a new person the user will confirm).

    A name held by namesakes in several units resolves to the one whose unit was said (whole, or
    by its first two characters), else the one in the speaker's unit, else the first rostered.
    """
    from .understanding import units_said

    ids: list[int | None] = []
    for name in parse.fields.people or []:
        if name in parse.unknown_people:
            ids.append(None)
            continue
        candidates = [p for p in people if p.name == name]
        if not candidates:
            ids.append(None)
            continue
        named = units_said(said, [p.unit.name for p in candidates])
        by_unit = [p for p in candidates if p.unit.name in named]
        # a unit said whole settles it; one said by its first two characters only when it is the one
        chosen = ((by_unit[0] if by_unit and (len(by_unit) == 1 or by_unit[0].unit.name in said) else None)
                  or next((p for p in candidates if p.unit_id == speaker.unit_id), None)
                  or candidates[0])
        ids.append(chosen.id)
    return tuple(ids)


def _record(ctx: Context, parse: Parse, state: State, people: list[Person], speaker: Person) -> actions.Record:
    said = "；".join(state.texts)
    return actions.Record(
        intent=parse.intent, fields=parse.fields, speaker_id=speaker.id, speaker_name=speaker.name,
        speaker_unit=speaker.unit.name, new_people_unit=state.extra.get("new_people_unit"), today=ctx.today, people_ids=_people_ids(parse, people, speaker, said),
        text=said, extra=dict(state.extra),
    )


def _capability(module: str, name: str):
    """A sibling module's function, or None while that module is absent (only absence is caught)."""
    if importlib.util.find_spec(module) is None:
        return None
    return getattr(importlib.import_module(module), name)


def _prepare(ctx: Context, parse: Parse, state: State, speaker: Person, text: str) -> tuple[Parse, str | None]:
    """Intent-specific lookups before a complete record is shown: the opinion it names, the draft.

    Returns the (possibly amended) Parse and, when the record cannot go on, the reply saying why.
    """
    if parse.intent == "update_status" and parse.fields.status == "已提交":
        return _prepare_submitted(ctx, parse, state, speaker)
    if parse.intent in ("second_opinion", "update_status"):
        return _prepare_opinion(ctx, parse, state, speaker)
    if parse.intent == "draft_proposal":
        draft_proposal = _capability("assistant.proposals", "draft_proposal")
        if draft_proposal is None:
            return parse, _say("not_built", what="起草提案")
        if not parse.fields.topic:  # 帮我写个提案: nothing to draft about yet
            return _topic_missing(parse), None
        if "draft" not in state.extra:
            # A corrected topic is drafted from the record, not from the correction's words.
            request = _say("draft_request", topic=parse.fields.topic) if parse.act == "correct" and parse.fields.topic else text
            try:
                draft = draft_proposal(ctx, speaker.id, request)
            except UserError as refusal:  # no subject it can draft from: ask for one, keep nothing
                return _topic_missing(parse), refusal.message
            state.extra["draft"] = draft.model_dump(mode="json")
        return parse, None
    return parse, None


def _topic_missing(parse: Parse) -> Parse:
    return parse.model_copy(update={"missing": [m for m in parse.missing if m != "topic"] + ["topic"]})


def _prepare_opinion(ctx: Context, parse: Parse, state: State, speaker: Person) -> tuple[Parse, str | None]:
    """The opinion a second_opinion/update_status turn names, checked before the card is shown."""
    if importlib.util.find_spec("assistant.opinions") is None:
        return parse, _say("not_built", what="意见建议的附议和进展")
    from assistant.opinions import check_transition, find_opinions, is_office, owner_id

    f = parse.fields
    raised_by = (f.people or [None])[0] if parse.intent == "second_opinion" else None
    with read_session(ctx.url) as s:
        found = find_opinions(s, topic=f.topic, raised_by_name=raised_by, opinion_id=f.opinion_id)
        if not found and raised_by and f.topic:  # the raiser may be recorded differently
            found = find_opinions(s, topic=f.topic, opinion_id=f.opinion_id)
        if not found:
            label = f.topic or (f"第{f.opinion_id}条" if f.opinion_id else "")
            return _topic_missing(parse), _say("no_opinion", topic=label)
        o = found[0]
        try:  # refuse now what the write would refuse, so no card is shown for it
            if parse.intent == "second_opinion" and owner_id(o) == speaker.id:
                raise UserError(_say("own_opinion"))
            if parse.intent == "second_opinion" and any(sec.person_id == speaker.id for sec in o.seconders):
                raise UserError(_say("already_seconded", id=o.id, count=len(o.seconders)))
            if parse.intent == "update_status" and not is_office(speaker):
                raise UserError(_say("office_only"))
        except UserError as refusal:
            return parse, refusal.message
        state.extra.update(opinion_id=o.id, opinion=_say(
            "card.opinion_line", id=o.id, content=o.content,
            raised_by=(o.raised_by.name if o.raised_by else o.raised_by_text) or o.recorded_by.name,
            status=o.status, seconders=len(o.seconders)))
        if parse.intent == "update_status" and (f.status != o.status or not f.satisfaction):
            try:
                check_transition(o.status, f.status, by_admin=bool(speaker.is_admin))
            except UserError as refusal:
                # A step the opinion cannot take: the record stays pending with the status asked
                # again, so "改成交办" or a plain "交办" puts it right.
                fields = f.model_copy(update={"status": None})
                return parse.model_copy(update={"fields": fields, "missing": ["status"]}), refusal.message
    return parse, None


def _prepare_submitted(ctx: Context, parse: Parse, state: State, speaker: Person) -> tuple[Parse, str | None]:
    """"提案已经提交了": the speaker's matching draft proposal."""
    if importlib.util.find_spec("assistant.proposals") is None:
        return parse, _say("not_built", what="提案提交状态的更新")
    from assistant.proposals import find_proposals

    with read_session(ctx.url) as s:
        drafts = find_proposals(s, proposer_id=speaker.id, topic=parse.fields.topic, status="草稿")
        if not drafts and parse.fields.topic:
            return _topic_missing(parse), _say("no_proposal", topic=parse.fields.topic)
        if not drafts:
            return parse, _say("no_draft")
        p = drafts[0]
        state.extra.update(proposal_id=p.id, opinion=_say("card.proposal_line", id=p.id, title=p.title,
                                                          date=p.date.isoformat()))
    return parse, None


# -- the card and the replies ---------------------------------------------------------------------

def _value(name: str, parse: Parse, extra: dict) -> str | None:
    card = replies()["card"]
    f = parse.fields
    value = getattr(f, name)
    if name == "people":
        if not value:
            return card["self_raised"] if parse.intent == "log_opinion" and "people" not in parse.missing else None
        return card["list_separator"].join(n + (card["new_person_mark"] if n in parse.unknown_people else "")
                                           for n in value)
    if name == "issues" and value:
        if len(value) == 1:
            return value[0]
        return "；".join(f"{i}. {v}" for i, v in enumerate(value, 1))
    if name == "headcount" and value:
        return f"{value}人"
    if name == "submit" and value is not None:
        return card["yes"] if value else card["no"]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return card["list_separator"].join(value) or None
    return None if value is None else str(value)


def card(parse: Parse, extra: dict | None = None) -> list[str]:
    """The pending record as plain text lines (the page renders them as a card)."""
    extra = extra or {}
    spec = replies()["card"]
    lines = [spec["title"][parse.intent]]
    if parse.intent == "draft_proposal" and extra.get("draft"):
        return lines + extra["draft"]["text"].splitlines()
    if extra.get("opinion"):
        lines.append(extra["opinion"])
    for label, name in spec["lines"][parse.intent]:
        value = _value(name, parse, extra)
        if value is None:
            if name not in parse.missing:
                continue
            value = spec["unfilled"]
        lines.append(spec["line"].format(label=label, value=value))
    return lines


def _question(slot: str, parse: Parse) -> str:
    if slot == "people" and parse.ambiguous_people:
        name, described = next(iter(parse.ambiguous_people.items()))
        # Entries come as "李娜（装配车间）": keep the unit only.
        units = [d.split("（", 1)[1].rstrip("）") if "（" in d else d for d in described]
        return _say("ambiguous_person", name=name, count=len(units), units="、".join(units))
    questions = replies()["questions"]
    slot_of_intent = f"{slot}.{parse.intent}"  # the same slot asked in the intent's words (topic.draft_proposal)
    if slot_of_intent in questions:
        return questions[slot_of_intent]
    return questions[slot] if slot in questions else questions["default"].format(slot=slot)


def _already_asked(slot: str, parse: Parse) -> bool:
    """The parser's own note already asks which namesake was meant: do not ask twice."""
    return slot == "people" and any(name in note for name in parse.ambiguous_people for note in parse.notes)


def _saved_lines(out: actions.Outcome, record: actions.Record) -> list[str]:
    saved = replies()["saved"]
    by_table: dict[str, list[int]] = {}
    for w in out.written:
        by_table.setdefault(w.table, []).append(w.id)
    lines = []
    if out.facts.get("new_people"):
        lines.append(saved["people"].format(names="、".join(out.facts["new_people"]),
                                            unit=record.new_people_unit or record.speaker_unit))
    if "contacts" in by_table:
        lines.append(saved["contacts"].format(id=by_table["contacts"][0]))
    if record.intent in ("log_contact", "log_opinion") and "opinions" in by_table:
        ids = by_table["opinions"]
        lines.append(saved["opinions"].format(count=len(ids), ids="、".join(map(str, ids))))
    if record.intent == "second_opinion":
        lines.append(saved["seconded"].format(id=out.facts["opinion_id"], count=out.facts["count"]))
        lines.append(out.facts["sentence"])
    if record.intent == "update_status" and "proposals" in by_table:
        lines.append(saved["status_changed"].format(id=by_table["proposals"][0], what="提案",
                                                    status=out.facts.get("status")))
    elif record.intent == "update_status":
        lines.append(saved["status_changed"].format(id=out.facts.get("opinion_id"), what="意见建议",
                                                    status=out.facts.get("status")))
        if out.facts.get("satisfaction"):
            lines.append(saved["satisfaction"].format(satisfaction=out.facts["satisfaction"]))
    if record.intent == "draft_proposal" and "proposals" in by_table:
        lines.append(saved["proposals"].format(id=by_table["proposals"][0], status=out.facts.get("status", "草稿")))
    return lines or [saved["nothing"]]


# -- read-only answers -------------------------------------------------------------------------------

def _requirements_reply(ctx: Context, speaker: Person, parse: Parse) -> TurnResult:
    requirements = _capability("knowledge.obligations", "requirements")
    if requirements is None:
        return _result(_say("not_built", what="履职任务核对"), parse)
    period = parse.fields.period
    result = requirements(ctx, speaker, period)
    spec = replies()["requirements"]
    if not result.items:
        return _result(spec["none"].format(person=speaker.name), parse)
    lines = [spec["header"].format(person=speaker.name, period=period) if period
             else spec["header_current"].format(person=speaker.name)]
    unmet = 0
    for item in sorted(result.items, key=lambda i: (i.met, i.due)):
        unmet += not item.met
        progress = (spec["count"].format(done=item.done, required=item.required) if item.required
                    else spec["count_open"].format(done=item.done))
        if item.people_required:
            progress += "，" + spec["people"].format(done=item.people_done or 0, required=item.people_required)
        lines.append(spec["item"].format(
            mark=spec["met"] if item.met else spec["unmet"], kind=item.kind, period=item.period,
            due=item.due.isoformat(), progress=progress, document=_document_name(item.source.document),
            clause=item.source.clause, quote=item.source.quote))
    lines.append(spec["summary"].format(total=len(result.items), unmet=unmet))
    return _result("\n".join(lines), parse, items=list(result.items))


def _document_name(document: str) -> str:
    """A bundled regulation's short title (《新升“双联”实施办法》), else its id."""
    if importlib.util.find_spec("knowledge.documents") is None:
        return document
    from knowledge.documents import bundled

    doc = bundled(document)
    return f"《{doc.short or doc.title}》" if doc else document


def _ask_reply(ctx: Context, text: str, parse: Parse) -> TurnResult:
    ask = _capability("knowledge.answer", "ask")
    if ask is None:
        return _result(_say("not_built", what="条款问答"), parse)
    answer = ask(ctx, parse.fields.topic or text)
    return _result(answer.answer, parse, citations=list(answer.citations))


def _result(reply: str, parse: Parse, **more) -> TurnResult:
    return TurnResult(reply=reply, intent=parse.intent, fields=parse.fields.public(), missing=parse.missing,
                      unknown_people=parse.unknown_people, **more)


# -- the turn -----------------------------------------------------------------------------------------

def _speaker(s, people: list[Person], speaker) -> Person:
    """The rostered speaker: "姓名", "姓名（单位）"/"姓名@单位" for namesakes, a Person row or id."""
    if not people:
        raise UserError("花名册是空的：请先导入花名册（union-assistant roster import 花名册.csv），或载入演示数据（union-assistant demo）。")
    return find_person(s, speaker)


def turn(ctx: Context, speaker: str | int, text: str, session_id: str | None = None, confirm: bool = False) -> TurnResult:
    """One chat turn as the rostered person `speaker`. See the module docstring for the flow."""
    if not isinstance(text, str):
        raise UserError("请输入文字。")
    if session_id is not None:
        session_id = str(session_id).strip() or None
        if session_id and len(session_id) > MAX_SESSION_ID:
            raise UserError(f"会话编号太长：最多{MAX_SESSION_ID}个字符。")
    with read_session(ctx.url) as s:
        people = load_people(s)
        me = _speaker(s, people, speaker)
    state = _load_state(ctx.url, session_id, me.id)
    text = text.strip()

    if not text or len(text) > MAX_TEXT:
        reply = _say("empty") if not text else _say("too_long", length=len(text), limit=MAX_TEXT)
        return _unchanged(reply, state, session_id)

    from .understanding import Roster, understand_followup

    roster = Roster.from_people(people)
    unit = unit_answer(text, roster.units, state.pending.unknown_people) if state.asked == "unknown_people" else None
    if unit is not None:  # the new people's unit: the record itself is unchanged
        state.extra["new_people_unit"] = unit
        parse = state.pending.model_copy(update={"act": "answer"})
    elif state.pending is not None:
        asked = state.asked if state.asked in SLOT_ORDER else None  # the parser knows slots only
        parse = understand_followup(text, state.pending, asked, me.name, roster, ctx.today)
    else:
        parse = _understand(ctx, text, me.name, roster)
        if parse.intent == "other":
            # A bare 确认/算了 with nothing pending: recognise the act so the reply can say so.
            act = understand_followup(text, Parse(intent="other"), None, me.name, roster, ctx.today).act
            if act in ("confirm", "cancel"):
                parse = parse.model_copy(update={"act": act})
    parse = validate(parse, people, me, ctx.today)
    return step(ctx, parse, state, text, confirm, people, me, session_id)


def _unchanged(reply: str, state: State, session_id: str | None) -> TurnResult:
    """A reply that leaves the session as it was (a pending record stays pending)."""
    if state.pending is not None:
        return _pending_result(card(state.pending, state.extra), [reply, _say("kept_pending")], state.pending,
                               session_id)
    return TurnResult(reply=reply, intent="other", session=session_id)


def step(ctx: Context, parse: Parse, state: State, text: str, confirm: bool, people: list[Person],
         me: Person, session_id: str | None) -> TurnResult:
    """Decide what this turn does with the Parse, then do it (the only writes are here)."""
    had_pending = state.pending is not None

    if parse.act == "cancel":
        if not had_pending:
            return _unchanged(_say("nothing_to_cancel"), state, session_id)
        _save(ctx, session_id, me, State())
        return TurnResult(reply=_say("cancelled"), intent="other", session=session_id)

    if parse.act == "confirm" and not had_pending:
        return TurnResult(reply=_say("nothing_to_confirm"), intent="other", session=session_id)
    if parse.act == "correct" and parse.intent == "other" and not had_pending:
        return TurnResult(reply=_say("nothing_to_correct"), intent="other", session=session_id)

    if parse.intent not in WRITING:
        # Read-only: answer; a pending record (if any) stays pending.
        if parse.intent == "query_requirements":
            result = _requirements_reply(ctx, me, parse)
        elif parse.intent == "ask_regulation":
            result = _ask_reply(ctx, text, parse)
        else:
            result = _result(_say("help"), parse)
        if had_pending:
            result.reply += "\n" + _say("kept_pending")
        result.session = session_id
        return result

    # A writing intent: a new record replaces whatever was pending.
    if parse.act == "new" and had_pending:
        state = State()
    if parse.act != "confirm":
        state.texts.append(text)
    if parse.act in ("new", "correct"):
        for key in ("opinion_id", "opinion", "proposal_id"):
            state.extra.pop(key, None)
        if parse.act == "correct":
            state.extra.pop("draft", None)
    confirmed = confirm or parse.act == "confirm"

    lines = list(parse.notes)
    refusal = None
    if not parse.missing:
        parse, refusal = _prepare(ctx, parse, state, me, text)
    if refusal and not parse.missing:
        # The capability behind this record is missing: say so, keep nothing pending.
        _save(ctx, session_id, me, State())
        return _result("\n".join(lines + [refusal]), parse, session=session_id)
    if parse.missing:
        # Ask for the first missing slot; write nothing, even when confirmed.
        if refusal:
            lines.append(refusal)
        elif confirmed:
            names = replies()["slot_names"]
            lines.append(_say("still_missing", slots="、".join(names.get(m, m) for m in parse.missing)))
        asked = parse.missing[0]
        if not _already_asked(asked, parse):
            lines.append(_question(asked, parse))
        _save(ctx, session_id, me, State(parse, asked, state.texts, state.extra))
        return _pending_result(card(parse, state.extra), lines, parse, session_id)

    record = _record(ctx, parse, state, people, me)
    if confirmed:
        def work(s):
            out = actions.apply(s, record)
            _store_state(s, session_id, me.id, State())
            return out

        try:
            out = write(ctx.url, work)
        except UserError as refusal:  # refused by a rule at write time: nothing written, still pending
            _save(ctx, session_id, me, State(parse, None, state.texts, state.extra))
            lines.append(_say("not_saved", reason=refusal.message))
            return _pending_result(card(parse, state.extra), lines, parse, session_id)
        reply = "\n".join(lines + _saved_lines(out, record))
        # The turn shows the record it saved: the people it added to the roster are still listed as
        # the new people of that record (CONVENTIONS 23); the next turn knows them.
        result = _result(reply, parse, written=out.written)
        result.session = session_id
        return result

    unit_said = state.extra.get("new_people_unit")
    for name in parse.unknown_people:
        lines.append(_say("unknown_person_unit", name=name, unit=unit_said) if unit_said
                     else _say("unknown_person", name=name, unit=me.unit.name))
    prompts = replies()["confirm_prompt"]
    lines.append(prompts.get(parse.intent, prompts["default"]))
    asked = "unknown_people" if parse.unknown_people else None
    _save(ctx, session_id, me, State(parse, asked, state.texts, state.extra))
    return _pending_result(card(parse, state.extra), lines, parse, session_id)


def _pending_result(card_lines: list[str], lines: list[str], parse: Parse, session_id: str | None) -> TurnResult:
    """A record awaiting confirmation: its card, then one line that says what is needed now.

    The message after the card is kept to one line (notes, question, prompt) so a face that shows
    the card on its own can show the reply's last line beside it.
    """
    result = _result("\n".join(card_lines + [_one_line(lines)]), parse)
    result.session = session_id
    result.pending = True
    result.card = card_lines
    return result


def _one_line(lines: list[str]) -> str:
    """Sentences joined into one line: each ends in punctuation; a note repeated by a later line is dropped."""
    lines = [line.strip() for line in lines if line.strip()]
    kept = [line for i, line in enumerate(lines) if not any(later.startswith(line) for later in lines[i + 1:])]
    return "".join(line if line[-1] in "。？！；：" else line + "。" for line in kept)


def unit_answer(text: str, units: list[str], names=()) -> str | None:
    """The unit named by an answer to "是哪个单位的职工？" ("装配车间的", "他是动力车间的职工",
    "王小五是装配车间的" when 王小五 is one of `names`, the new people asked about)."""
    words = replies()["unit_answer"]
    bare = text.strip(words["punctuation"])
    for name in sorted(names, key=len, reverse=True):
        if name and bare.startswith(name):
            bare = bare[len(name):]
            break
    for prefix in words["prefixes"]:
        if bare.startswith(prefix):
            bare = bare[len(prefix):]
            break
    for suffix in words["suffixes"]:
        if bare.endswith(suffix):
            bare = bare[: -len(suffix)]
            break
    return bare if bare in units else None


__all__ = ["turn", "step", "validate", "card", "unit_answer", "replies", "State"]
