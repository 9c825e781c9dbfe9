"""SQLAlchemy 2.0 ORM models: the records a union keeps.

One table a thing. Every write goes through `store.db.transaction()`, so a
request either lands whole or not at all. Schema changes go through Alembic
(`store/migrations`); `python -m store.migrations autogen` rewrites the
initial revision from these models while the project is pre-release.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Unit(Base):
    """An organisational unit (车间, 部门, 企业, 街道 …) people belong to."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # Regulations binding this unit ("000,004"); null means the organisation default.
    regulations: Mapped[str | None] = mapped_column(String(200))

    people: Mapped[list[Person]] = relationship(back_populates="unit")


class Person(Base):
    """A rostered person. Identity is name + unit (namesakes in other units are distinct)."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("name", "unit_id", name="uq_people_name_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    constituency: Mapped[str | None] = mapped_column(String(100))
    # Hashed with a standard KDF (scrypt); null until the union office sets one.
    password_hash: Mapped[str | None] = mapped_column(String(300))
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    unit: Mapped[Unit] = relationship(back_populates="people")
    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonRole.position"
    )

    @property
    def role_names(self) -> list[str]:
        return [r.role for r in self.roles]


class PersonRole(Base):
    """One role a person holds, in the regulations' own words (工会主席, 职工代表 …)."""

    __tablename__ = "person_roles"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person] = relationship(back_populates="roles")


class Contact(Base):
    """One act of contacting workers: a visit, a meeting, a call, a reception …"""

    __tablename__ = "contacts"
    __table_args__ = (Index("ix_contacts_recorder_date", "recorded_by_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    form: Mapped[str] = mapped_column(String(10))  # 走访 座谈 电话 微信 接待 调研 慰问 会议 活动 其他
    place: Mapped[str | None] = mapped_column(String(100))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    # Number of people contacted: the named ones, or the stated number when larger.
    headcount: Mapped[int] = mapped_column(Integer, default=0)
    topic: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")  # the words as said
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    recorded_by: Mapped[Person] = relationship(foreign_keys=[recorded_by_id])
    people: Mapped[list[ContactPerson]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactPerson.position"
    )
    issues: Mapped[list[Issue]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Issue.position"
    )


class ContactPerson(Base):
    """A named person reached by a contact."""

    __tablename__ = "contact_people"

    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = relationship(back_populates="people")
    person: Mapped[Person] = relationship()


class Issue(Base):
    """A matter raised during a contact, in the speaker's words."""

    __tablename__ = "issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    content: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = relationship(back_populates="issues")


class Opinion(Base):
    """A worker opinion or suggestion followed through its life (登记 → … → 已反馈)."""

    __tablename__ = "opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(String(200))
    # Who raised it: a rostered person when known, else the words used ("机加车间职工").
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    raised_by_text: Mapped[str | None] = mapped_column(String(100))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="登记", index=True)
    # Set when the third seconder joins: the committee must study it within 15 days.
    due: Mapped[dt.date | None] = mapped_column(Date)
    representative_view: Mapped[str | None] = mapped_column(Text)  # 代表意见
    result: Mapped[str | None] = mapped_column(Text)  # 处理结果
    satisfaction: Mapped[str | None] = mapped_column(String(10))  # 满意 基本满意 不满意
    closed_on: Mapped[dt.date | None] = mapped_column(Date)  # date it reached 已办结
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    raised_by: Mapped[Person | None] = relationship(foreign_keys=[raised_by_id])
    recorded_by: Mapped[Person] = relationship(foreign_keys=[recorded_by_id])
    seconders: Mapped[list[OpinionSeconder]] = relationship(
        back_populates="opinion", cascade="all, delete-orphan", order_by="OpinionSeconder.date"
    )
    history: Mapped[list[OpinionStatusChange]] = relationship(
        back_populates="opinion", cascade="all, delete-orphan", order_by="OpinionStatusChange.id"
    )


class OpinionSeconder(Base):
    __tablename__ = "opinion_seconders"

    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinions.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)

    opinion: Mapped[Opinion] = relationship(back_populates="seconders")
    person: Mapped[Person] = relationship()


class OpinionStatusChange(Base):
    __tablename__ = "opinion_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinions.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    opinion: Mapped[Opinion] = relationship(back_populates="history")


class Proposal(Base):
    """A drafted proposal (提案); counts toward 提案 quotas once 已提交."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    proposer_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    opinion_id: Mapped[int | None] = mapped_column(ForeignKey("opinions.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    suggestions: Mapped[list] = mapped_column(JSON, default=list)
    seconders: Mapped[list] = mapped_column(JSON, default=list)  # names
    citations: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="草稿")  # 草稿 已提交
    date: Mapped[dt.date] = mapped_column(Date)  # drafted on
    submitted_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    proposer: Mapped[Person] = relationship()


class DialogueSession(Base):
    """Dialogue state of one chat session: the pending record and what was asked."""

    __tablename__ = "dialogue_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class AuditEntry(Base):
    """Who changed what, when: written in the same transaction as the change."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(40))  # insert, update, status, import, …
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class KnowledgeDocument(Base):
    """Metadata of a document in the knowledge base (the bundled five and added ones)."""

    __tablename__ = "knowledge_documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # e.g. "000" or a slug
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str | None] = mapped_column(String(200))
    number: Mapped[str | None] = mapped_column(String(100))
    date: Mapped[str | None] = mapped_column(String(20))
    bound_roles: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    clauses: Mapped[int] = mapped_column(Integer, default=0)
    chunks: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")  # cleaned full text; quotes index into it
    bundled: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class StoredRule(Base):
    """An obligation rule proposed from an added document (or accepted by an administrator).

    The bundled regulations' rules live in YAML under knowledge/rules/; this table holds
    only rules found in documents added at run time.
    """

    __tablename__ = "stored_rules"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    document: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="proposed")  # proposed accepted
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Setting(Base):
    """Organisation settings (key → JSON value), e.g. which regulations bind the organisation."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict | list | str | int | None] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now, server_default=func.now())
