"""What every tab handler needs: the core for today and the logged-in account.

The account comes from the login name Gradio's server recorded at login
(`request.username`), never from a value the browser sends with the event.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import gradio as gr

from assistant.core import Core
from store.auth import Account, account_for
from store.errors import UserError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    base: Core
    live_today: bool  # follow the calendar (a server left running past midnight), unless --today was given

    @classmethod
    def for_core(cls, core: Core) -> "Page":
        return cls(core, core.today == dt.date.today())

    def core(self) -> Core:
        if self.live_today and self.base.today != dt.date.today():
            return self.base.with_today(dt.date.today())
        return self.base

    def account(self, request: gr.Request | None) -> Account:
        return account_for(self.base.url, getattr(request, "username", None))


def skip(n: int) -> list:
    """Leave n outputs as they are."""
    return [gr.skip() for _ in range(n)]


def periods(today: dt.date) -> dict[str, str]:
    """The calendar periods containing today, in the contract's spelling."""
    quarter = (today.month - 1) // 3 + 1
    half = 1 if today.month <= 6 else 2
    return {"month": f"{today:%Y-%m}", "quarter": f"{today.year}Q{quarter}", "half-year": f"{today.year}H{half}",
            "year": f"{today.year}"}


def problem(err: Exception) -> str:
    """The Chinese message for a failed request: a UserError's own words, else a logged internal fault."""
    if isinstance(err, UserError):
        return err.message
    log.exception("page request failed")
    return f"内部错误（{type(err).__name__}），请稍后再试或联系管理员。"
