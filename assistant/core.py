"""The one core behind both faces.

The CLI (`assistant/cli.py`) and the page (`ui/`) call these methods and nothing
else; each returns a typed result (pydantic models from `store.schemas`, or plain
dicts shaped like the contract's JSON). Each method delegates to the module that
owns the concern, imported lazily so a command pays only for what it uses.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from store.context import Context
from store.errors import NotBuiltYet, UserError
from store.settings import Settings, load_settings


def _impl(module: str, name: str, what: str):
    """The function that implements a capability, or NotBuiltYet while its module is absent.

    Only a missing module means "not built"; an import error inside a present module
    propagates, so a broken install is never reported as a missing feature.
    """
    import importlib
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise NotBuiltYet(what)
    return getattr(importlib.import_module(module), name)


class Core:
    def __init__(self, settings: Settings | None = None, today: dt.date | None = None):
        self.ctx = Context(settings or load_settings(), today or dt.date.today())
        # The data directory holds the default SQLite file and the Chroma index.
        self.ctx.settings.home.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return self.ctx.url

    @property
    def today(self) -> dt.date:
        return self.ctx.today

    def with_today(self, today: dt.date) -> "Core":
        return Core(self.ctx.settings, today)

    # -- roster ---------------------------------------------------------------
    def roster_import(self, path: str | Path, actor: str | None = None) -> dict:
        from store.roster import import_roster

        path = Path(path)
        if not path.is_file():
            raise UserError(f"找不到花名册文件：{path}")
        return import_roster(self.url, path.read_bytes(), path.name)

    def roster_list(self) -> dict:
        from store.roster import list_people

        return {"people": [p.model_dump(mode="json") for p in list_people(self.url)]}

    def set_password(self, name: str, password: str, unit: str | None = None) -> dict:
        """Set a rostered person's login password (stored as an scrypt hash)."""
        from store.auth import set_password

        return set_password(self.url, name, password, unit=unit)

    def load_demo(self) -> dict:
        """Fill an empty database with the demo roster and demo records (idempotent)."""
        return _impl("assistant.demo", "load_demo", "演示数据")(self)

    # -- chat -------------------------------------------------------------------
    def say(self, speaker: str, text: str, session: str | None = None, yes: bool = False):
        """One chat turn as `speaker`; returns a `TurnResult`."""
        return _impl("assistant.dialogue", "turn", "对话记录（say）")(self.ctx, speaker, text, session_id=session, confirm=yes)

    # -- obligations -----------------------------------------------------------
    def requirements(self, person: str, period: str | None = None):
        return _impl("knowledge.obligations", "requirements", "履职任务核对（requirements）")(self.ctx, person, period)

    def overview(self, period: str | None = None, unit: str | None = None):
        return _impl("knowledge.obligations", "overview", "履职总览")(self.ctx, period, unit)

    def rules_list(self, document: str | None = None) -> dict:
        return _impl("knowledge.rules", "list_rules", "规则列表（rules list）")(self.ctx, document)

    def rules_propose(self, document: str) -> dict:
        return _impl("knowledge.rules", "propose_rules", "规则提取（rules propose）")(self.ctx, document)

    def rules_accept(self, rule_id: str) -> dict:
        return _impl("knowledge.rules", "accept_rule", "规则启用（rules accept）")(self.ctx, rule_id)

    # -- knowledge base ----------------------------------------------------------
    def ask(self, question: str):
        """A regulation question; returns an `Answer` with verified citations."""
        return _impl("knowledge.answer", "ask", "条款问答（ask）")(self.ctx, question)

    def kb_add(self, path: str | Path, title: str | None = None, progress=None) -> dict:
        return _impl("knowledge.kb", "add_document", "添加文档（kb add）")(self.ctx, Path(path), title=title, progress=progress)

    def kb_list(self) -> dict:
        return _impl("knowledge.kb", "list_documents", "文档列表（kb list）")(self.ctx)

    # -- opinions, proposals, ledgers -------------------------------------------------
    def draft_proposal(self, speaker: str, text: str):
        return _impl("assistant.proposals", "draft_proposal", "起草提案（draft-proposal）")(self.ctx, speaker, text)

    def opinions_list(self, status: str | None = None, person: str | None = None) -> dict:
        return _impl("assistant.opinions", "list_opinions", "意见建议列表（opinions list）")(self.ctx, status=status, person=person)

    def opinion_status(self, opinion_id: int, status: str, actor: str | int, reason: str | None = None,
                       satisfaction: str | None = None) -> dict:
        """Move an opinion along its life cycle as `actor` (the union office), in one audited transaction."""
        change_status = _impl("assistant.opinions", "change_status", "意见状态变更")
        from store.db import write
        from store.models import Opinion
        from store.people import find_person

        def work(s):
            opinion = s.get(Opinion, int(opinion_id))
            if opinion is None:
                raise UserError(f"没有编号为{opinion_id}的意见建议：请在列表中核对编号。")
            by = find_person(s, actor)  # a name, "姓名（单位）" or the logged-in person's id
            change_status(s, opinion=opinion, to_status=status, by=by, today=self.today, reason=reason,
                          satisfaction=satisfaction)
            return {"id": opinion.id, "status": opinion.status}

        return write(self.url, work)

    def proposal_docx(self, draft, out: str | Path) -> Path:
        """Write a (possibly edited) draft proposal as a .docx file."""
        return _impl("assistant.proposals", "export_proposal_docx", "提案导出（.docx）")(draft, Path(out))

    # -- organisation settings --------------------------------------------------------
    def org_regulations(self) -> list[str]:
        """Ids of the regulations binding the organisation (settings table, else Settings.regulations)."""
        from store.organisation import regulations

        return regulations(self.url, default=self.ctx.settings.regulations)

    def set_org_regulations(self, ids: list[str]) -> list[str]:
        from store.organisation import set_regulations

        return set_regulations(self.url, ids)

    def export_list(self) -> dict:
        return _impl("assistant.ledgers", "list_ledgers", "台账列表（export --list）")(self.ctx)

    def export(self, name: str, period: str, out: str | Path, person: str | None = None,
               unit: str | None = None) -> dict:
        return _impl("assistant.ledgers", "export_ledger", "导出台账（export）")(self.ctx, name, period, Path(out), person=person, unit=unit)
