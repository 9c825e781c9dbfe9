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
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .db import session, write
from .errors import UserError
from .models import AuditEntry, Person, Unit

OFFICE_ROLES = ("工会主席", "工会副主席")
MIN_PASSWORD_LENGTH = 6
DEMO_PASSWORD = "demo1234"
DEMO_ACCOUNTS = ("王建国", "陈立新")  # the office (工会主席) and a representative

# scrypt cost: 2**14 × 8 uses 16 MiB and ~50 ms, the common interactive-login setting.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
UNIT_SEPARATOR = "@"  # a login name "李娜@质检部" picks one of two namesakes


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
        """The name as core functions that know units accept it: "姓名（单位）" for namesakes."""
        return f"{self.name}（{self.unit}）" if self.namesake else self.name

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
    return len(_candidates(s, person.name, None)) > 1


def _split_login(username: str) -> tuple[str, str | None]:
    username = (username or "").strip()
    if UNIT_SEPARATOR in username:
        name, unit = username.split(UNIT_SEPARATOR, 1)
        return name.strip(), unit.strip() or None
    return username, None


def _candidates(s, name: str, unit: str | None) -> list[Person]:
    q = (select(Person).join(Person.unit).where(Person.name == name)
         .options(selectinload(Person.roles), selectinload(Person.unit)))
    if unit:
        q = q.where(Unit.name == unit)
    return list(s.scalars(q))


def authenticate(url: str, username: str, password: str) -> Account | None:
    """The account whose login name and password match, else None.

    A bare name that two people share logs in whichever of them the password fits;
    `account_for` then asks for "姓名@单位" so the session is never ambiguous.
    """
    name, unit = _split_login(username)
    if not name or not password:
        return None
    with session(url) as s:
        matches = [p for p in _candidates(s, name, unit) if verify_password(password, p.password_hash)]
        return _account(matches[0], _has_namesake(s, matches[0])) if len(matches) == 1 else None


def account_for(url: str, username: str | None) -> Account:
    """The Account of a logged-in login name (as the server recorded it at login)."""
    if not username:
        raise UserError("请先登录。")
    name, unit = _split_login(username)
    with session(url) as s:
        found = [p for p in _candidates(s, name, unit) if p.password_hash]
        if len(found) == 1:
            return _account(found[0], _has_namesake(s, found[0]))
    if not found:
        raise UserError("登录信息已失效，请退出后重新登录。")
    units = "、".join(f"{name}@{p.unit.name}" for p in found)
    raise UserError(f"花名册中有多位{name}，请退出后用“姓名@单位”登录，例如：{units}。")


def scope_person(account: Account, person: str | None) -> str | None:
    """The person whose records a request may read or change.

    Office: the person asked for (None = everyone). Anyone else: always themselves;
    asking for another person's records is refused.
    """
    person = (person or "").strip() or None
    if account.is_office:
        return person
    if person is not None and person != account.name:
        raise UserError(f"您只能查看和修改自己的记录（{account.name}），无权查看{person}的记录。")
    return account.name


def require_unique_name(account: Account, what: str) -> None:
    """Refuse what identifies people by name alone (chat, lists by name) for a person with a namesake."""
    if account.namesake:
        raise UserError(f"花名册中有与您同名的人员，{what}暂时无法区分你们二位的记录："
                        "请联系工会办公室办理，或在花名册中把姓名写得可以区分（如“李娜（动力）”）。")


def require_office(account: Account, what: str = "此功能") -> None:
    if not account.is_office:
        raise UserError(f"{what}仅限工会办公室（工会主席、工会副主席或管理员）使用。")


def set_password(url: str, name: str, password: str, unit: str | None = None, actor_id: int | None = None) -> dict:
    """Set (or replace) a rostered person's password; returns {"name", "unit"}."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError(f"密码至少{MIN_PASSWORD_LENGTH}位，请换一个更长的密码。")
    hashed = hash_password(password)  # outside the transaction: scrypt is slow on purpose

    def work(s):
        found = _candidates(s, name.strip(), (unit or "").strip() or None)
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
