"""Who is logged in, and what they may see.

Passwords are set by the union office and stored only as scrypt hashes
(`scrypt$n$r$p$salt$hash`, base64 parts) in `people.password_hash`.

An `Account` is the logged-in person. The union office (工会主席, 工会副主席, or
`is_admin`) sees everyone's records; anyone else sees only their own. Every page
handler turns the browser's request into an Account with `account_for` (from the
login name the server holds, never from a field the browser sends) and passes the
name the user asked about through `scope_person`, which refuses another person's
name for a non-office account.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Callable

from .db import session, write
from .errors import UserError
from .models import AuditEntry, Person
from .people import find_people, qualified_name, split_name

OFFICE_ROLES = ("工会主席", "工会副主席")
MIN_PASSWORD_LENGTH = 6
DEMO_PASSWORD = "demo1234"
DEMO_ACCOUNTS = ("王建国", "陈立新")  # the office (工会主席) and a representative

# scrypt cost: 2**14 × 8 uses 16 MiB and ~50 ms, the common interactive-login setting.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
# A login name "李娜@质检部" (or "李娜（质检部）") picks one of two namesakes: store.people parses it.


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = os.urandom(_SALT_BYTES)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_KEY_BYTES)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    unit: str
    roles: tuple[str, ...]
    is_admin: bool
    namesake: bool = False  # someone else on the roster has the same name

    @property
    def qualified(self) -> str:
        """The unambiguous name every core function accepts: "姓名（单位）" for namesakes, else "姓名"."""
        return qualified_name(self.name, self.unit) if self.namesake else self.name

    @property
    def is_office(self) -> bool:
        return self.is_admin or any(r in OFFICE_ROLES for r in self.roles)

    @property
    def login(self) -> str:
        return self.name

    def label(self) -> str:
        roles = "、".join(self.roles) or "职工"
        return f"{self.name}（{self.unit}，{roles}）"


def _account(p: Person, namesake: bool = False) -> Account:
    return Account(p.id, p.name, p.unit.name, tuple(p.role_names), bool(p.is_admin), namesake)


def _has_namesake(s, person: Person) -> bool:
    return len(find_people(s, person.name)) > 1


def authenticate(url: str, username: str, password: str) -> Account | None:
    """The account whose login name and password match, else None.

    A bare name that two people share logs in whichever of them the password fits;
    `account_for` then asks for "姓名@单位" so the session is never ambiguous.
    """
    name, _ = split_name(username)
    if not name or not password:
        return None
    with session(url) as s:
        matches = [p for p in find_people(s, username) if verify_password(password, p.password_hash)]
        return _account(matches[0], _has_namesake(s, matches[0])) if len(matches) == 1 else None


class LoginThrottle:
    """Refuses a login name for a while after too many wrong passwords, so a password cannot
    be guessed at scrypt speed through the page. Kept in the serving process's memory: a
    restart clears it, which is acceptable for one union office's server."""

    def __init__(self, max_failures: int = 5, window_s: float = 900.0, clock: Callable[[], float] = time.monotonic):
        self.max_failures, self.window_s, self._clock = max_failures, window_s, clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        failures, now = self._failures[key], self._clock()
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        return failures

    def authenticate(self, url: str, username: str, password: str) -> Account | None:
        """`authenticate`, unless this login name has failed `max_failures` times in the window
        (then even the right password is refused until the oldest failure is `window_s` old)."""
        key = (username or "").strip()
        with self._lock:
            if len(self._recent(key)) >= self.max_failures:
                return None
        account = authenticate(url, username, password)
        with self._lock:
            if account is None:
                self._failures[key].append(self._clock())
            else:
                self._failures.pop(key, None)
        return account


def account_for(url: str, username: str | None) -> Account:
    """The Account of a logged-in login name (as the server recorded it at login)."""
    if not username:
        raise UserError("请先登录。")
    name, _ = split_name(username)
    with session(url) as s:
        found = [p for p in find_people(s, username) if p.password_hash]
        if len(found) == 1:
            return _account(found[0], _has_namesake(s, found[0]))
    if not found:
        raise UserError("登录信息已失效，请退出后重新登录。")
    units = "、".join(f"{name}@{p.unit.name}" for p in found)
    raise UserError(f"花名册中有多位{name}，请退出后用“姓名@单位”登录，例如：{units}。")


def scope_person(account: Account, person: str | None) -> str | None:
    """The person whose records a request may read or change, as `store.people.find_person` takes it.

    Office: the person asked for (None = everyone). Anyone else: always themselves, as
    `account.qualified` ("姓名（单位）" for namesakes); another person's name is refused.
    """
    person = (person or "").strip() or None
    if account.is_office:
        return person
    if person is not None:
        name, unit = split_name(person)
        if name != account.name or unit not in (None, account.unit):
            raise UserError(f"您只能查看和修改自己的记录（{account.name}），无权查看{person}的记录。")
    return account.qualified


def require_office(account: Account, what: str = "此功能") -> None:
    if not account.is_office:
        raise UserError(f"{what}仅限工会办公室（工会主席、工会副主席或管理员）使用。")


def set_password(url: str, name: str, password: str, unit: str | None = None, actor_id: int | None = None) -> dict:
    """Set (or replace) a rostered person's password; returns {"name", "unit"}."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError(f"密码至少{MIN_PASSWORD_LENGTH}位，请换一个更长的密码。")
    hashed = hash_password(password)  # outside the transaction: scrypt is slow on purpose

    def work(s):
        unit_name = (unit or "").strip()
        found = find_people(s, qualified_name(name.strip(), unit_name) if unit_name else name)
        if not found:
            where = f"{unit}的" if unit else ""
            raise UserError(f"花名册中没有{where}“{name}”：请先导入花名册，或检查姓名和单位。")
        if len(found) > 1:
            units = "、".join(p.unit.name for p in found)
            raise UserError(f"花名册中有多位“{name}”（{units}），请用 --unit 指明单位。")
        person = found[0]
        person.password_hash = hashed
        s.add(AuditEntry(actor_id=actor_id, action="password", table_name="people", row_id=str(person.id),
                         detail={"name": person.name, "unit": person.unit.name}))
        return {"name": person.name, "unit": person.unit.name}

    return write(url, work)


def set_demo_passwords(url: str) -> list[dict]:
    """Give the demo's office (王建国) and representative (陈立新) the password "demo1234"."""
    return [set_password(url, name, DEMO_PASSWORD) for name in DEMO_ACCOUNTS]
