"""Organisation settings kept in the `settings` table (key → JSON value).

`regulations`: the ids of the regulations that bind the organisation's people
(a list such as ["000", "004"]). Until the union office sets it, the deployment's
`Settings.regulations` ("000" by default, comma-separated) applies.
"""
from __future__ import annotations

from sqlalchemy import select

from .db import session, write
from .errors import UserError
from .models import AuditEntry, KnowledgeDocument, Setting

REGULATIONS_KEY = "regulations"


def _split(ids: str | list[str] | None) -> list[str]:
    if ids is None:
        return []
    if isinstance(ids, str):
        ids = ids.replace("，", ",").split(",")
    return [i.strip() for i in ids if i and i.strip()]


def regulations(url: str, default: str | list[str] = "000") -> list[str]:
    """The regulation ids binding the organisation: the stored setting, else `default`."""
    with session(url) as s:
        row = s.get(Setting, REGULATIONS_KEY)
        return _split(row.value) if row is not None and row.value else _split(default)


def set_regulations(url: str, ids: list[str], known: list[str] | None = None, actor_id: int | None = None) -> list[str]:
    """Store which regulations bind the organisation. `known` lists the valid ids (else the knowledge base's)."""
    ids = list(dict.fromkeys(_split(ids)))
    if not ids:
        raise UserError("请至少选择一部适用的规定。")

    def work(s):
        valid = set(known) if known is not None else set(s.scalars(select(KnowledgeDocument.id)))
        unknown = [i for i in ids if valid and i not in valid]
        if unknown:
            raise UserError(f"知识库中没有这些规定：{'、'.join(unknown)}。请从列表中选择。")
        row = s.get(Setting, REGULATIONS_KEY)
        before = row.value if row is not None else None
        if row is None:
            s.add(Setting(key=REGULATIONS_KEY, value=ids))
        else:
            row.value = ids
        s.add(AuditEntry(actor_id=actor_id, action="update", table_name="settings", row_id=REGULATIONS_KEY,
                         detail={"before": before, "after": ids}))
        return ids

    return write(url, work)
