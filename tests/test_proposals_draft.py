"""Proposal drafts grounded in the speaker's records; saving, submitting, .docx; the CLI."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pytest
from docx import Document
from sqlalchemy import func, select

from assistant import opinions as op
from assistant import proposals as pr
from conftest import ROOT
from knowledge.clauses import verify_quote
from store.db import session, transaction
from store.errors import UserError
from store.models import AuditEntry, Person, Proposal
from store.records import add_contact


def person(s, name) -> Person:
    return s.scalars(select(Person).where(Person.name == name)).first()


@pytest.fixture
def canteen(roster_core):
    """陈立新's records on the night-shift canteen, and 孙志强's unrelated record on the same subject."""
    with transaction(roster_core.url) as s:
        P = lambda n: person(s, n)  # noqa: E731
        c = add_contact(s, date=dt.date(2026, 11, 20), form="走访", recorded_by_id=P("陈立新").id,
                        people_ids=[P("张三").id, P("李四").id], place="机加车间",
                        issues=["夜班食堂没有热饭", "更衣室太挤"])
        o = op.add_opinion(s, content="夜班食堂没有热饭", recorded_by=P("陈立新"), raised_by_text="机加车间职工",
                           date=dt.date(2026, 11, 20), contact_id=c.id)
        add_contact(s, date=dt.date(2026, 11, 5), form="座谈", recorded_by_id=P("陈立新").id, headcount=6,
                    issues=["希望夜班食堂增加热饭窗口"])
        for name in ("孙志强", "欧阳明"):
            op.second_opinion(s, opinion=o, person=P(name), today=dt.date(2026, 11, 21))
        add_contact(s, date=dt.date(2026, 11, 9), form="电话", recorded_by_id=P("孙志强").id,
                    people_ids=[P("林晓").id], issues=["夜班食堂热饭只有一种"])
    return roster_core


def test_topic_is_read_from_the_request():
    assert pr.request_topic("帮我起草一个关于夜班食堂热饭的提案") == "夜班食堂热饭"
    assert pr.request_topic("起草一份班车增加车次的提案") == "班车增加车次"
    assert pr.request_topic("关于更衣室扩建的提案，起草并提交") == "更衣室扩建"
    # phrasings the old pattern list read as 个 / 成, or not at all
    assert pr.request_topic("写个提案 关于更衣室扩容的 写完直接交上去") == "更衣室扩容"
    assert pr.request_topic("能不能帮我拟一份提案，内容是增开夜班通勤车") == "增开夜班通勤车"
    with pytest.raises(UserError, match="请说明提案的主题"):
        pr.request_topic("帮我起草一个提案")


def test_draft_from_records_contains_their_facts(canteen):
    d = canteen.draft_proposal("陈立新", "帮我起草一个关于夜班食堂热饭的提案")
    assert d.title == "关于夜班食堂热饭的提案" and d.proposer == "陈立新"
    assert d.seconders == ["孙志强", "欧阳明"]
    for fact in ("2026年11月20日", "张三、李四", "机加车间", "走访", "夜班食堂没有热饭", "2026年11月5日", "6名职工",
                 "希望夜班食堂增加热饭窗口", "已有2人附议（孙志强、欧阳明）"):
        assert fact in d.reason, fact
    assert "更衣室太挤" not in d.text  # an issue of the same visit, on another subject
    assert "林晓" not in d.text  # 孙志强's record, not the speaker's
    assert d.suggestions[0] == "采纳职工意见：希望夜班食堂增加热饭窗口"
    for heading in ("案由：关于夜班食堂热饭的提案", "提案人：陈立新", "附议人：孙志强、欧阳明", "提案理由（现状与问题）：",
                    "具体建议："):
        assert heading in d.text
    assert d.text.index("案由") < d.text.index("提案人") < d.text.index("附议人") < d.text.index("提案理由") \
        < d.text.index("具体建议")
    assert [(c.document, c.clause) for c in d.citations] == [("000", "二（四）"), ("000", "二（二）3")]
    assert all(verify_quote(c.document, c.quote) for c in d.citations)
    assert "3人以上附议" in d.text


def _numbers(text):
    return set(re.findall(r"\d+", text))


def test_draft_naming_a_worker_without_records_invents_nothing(canteen):
    request = "帮我起草一个关于杨帆反映的宿舍热水问题的提案"
    d = canteen.draft_proposal("陈立新", request)
    assert "尚无相关走访记录" in d.reason
    assert d.seconders == []
    assert "附议人：暂无" in d.text
    quotes = "".join(c.quote for c in d.citations)
    assert _numbers(d.reason + "".join(d.suggestions)) <= _numbers(request)
    unnumbered = re.sub(r"(?m)^\d+\. ", "", d.text)  # the list's own item numbers
    assert _numbers(unnumbered) <= _numbers(request + quotes)
    with session(canteen.url) as s:
        roster = set(s.scalars(select(Person.name)))
    assert {n for n in roster if n in d.text} == {"陈立新", "杨帆"}
    for placeholder in ("XXX", "某某", "××"):
        assert placeholder not in d.text
    assert "食堂" not in d.text  # the speaker's records on another subject stay out


def test_named_worker_filters_records(canteen):
    d = canteen.draft_proposal("陈立新", "起草一个关于张三反映的夜班食堂热饭的提案")
    assert "张三、李四" in d.reason and "6名职工" not in d.reason


def test_kind_follows_the_proposers_roles(canteen):
    assert canteen.draft_proposal("钱晓东", "关于外包职工子女入学的建议").citations[0].document == "004"
    assert canteen.draft_proposal("钱晓东", "关于外包职工子女入学的建议").title == "关于外包职工子女入学的建议"
    assert canteen.draft_proposal("冯玉兰", "关于外包职工子女入学的提案").citations[0].document == "004"
    assert canteen.draft_proposal("郑海燕", "关于质检室空调的提案").citations[0].document == "000"
    with pytest.raises(UserError, match="花名册中没有"):
        canteen.draft_proposal("王五", "关于空调的提案")


def test_llm_prose_is_used_only_when_every_fact_checks(canteen, monkeypatch):
    good = "2026年11月20日陈立新走访张三、李四，职工反映“夜班食堂没有热饭”，已有2人附议。"
    monkeypatch.setattr(pr, "_llm_reason", lambda ctx, facts, proposer: good)
    assert canteen.draft_proposal("陈立新", "关于夜班食堂热饭的提案").reason == good
    for bad in ("2026年11月20日陈立新走访张三、李四、杨帆，职工反映夜班食堂没有热饭。",  # 杨帆 not in the facts
                "据统计，全车间有35名职工反映夜班食堂没有热饭。",                         # 35 invented
                "职工说“食堂饭菜太贵”。",                                                 # quote not in the facts
                "某某职工反映夜班食堂没有热饭。"):
        monkeypatch.setattr(pr, "_llm_reason", lambda ctx, facts, proposer, bad=bad: bad)
        reason = canteen.draft_proposal("陈立新", "关于夜班食堂热饭的提案").reason
        assert reason != bad and "根据提案人的联系记录" in reason


def test_save_submit_and_audit(canteen):
    d = canteen.draft_proposal("陈立新", "关于夜班食堂热饭的提案")
    with transaction(canteen.url) as s:
        p = pr.save_proposal(s, d, person(s, "陈立新"), dt.date(2026, 11, 23))
        pid = p.id
        assert (p.status, p.submitted_on) == ("草稿", None)
    with transaction(canteen.url) as s:
        found = pr.find_proposals(s, proposer_id=person(s, "陈立新").id, topic="食堂热饭")
        assert [x.id for x in found] == [pid]
        pr.submit_proposal(s, found[0], dt.date(2026, 11, 25))
    with pytest.raises(UserError, match="已于2026-11-25提交"):
        with transaction(canteen.url) as s:
            pr.mark_submitted(s, proposal_id=pid, by_id=person(s, "陈立新").id, date=dt.date(2026, 11, 26))
    # The dialogue's spelling: a dumped draft and keyword arguments, submitted at once.
    with transaction(canteen.url) as s:
        q = pr.save_proposal(s, draft=d.model_dump(mode="json"), proposer_id=person(s, "陈立新").id,
                             date=dt.date(2026, 11, 23), submit=True)
        assert (q.status, q.submitted_on) == ("已提交", dt.date(2026, 11, 23))
    with session(canteen.url) as s:
        saved = s.get(Proposal, pid)
        assert saved.status == "已提交" and saved.submitted_on == dt.date(2026, 11, 25)
        assert saved.citations[0]["clause"] == "二（四）" and saved.seconders == ["孙志强", "欧阳明"]
        actions = [(a.action, a.row_id) for a in s.scalars(select(AuditEntry).where(AuditEntry.table_name == "proposals"))]
        assert actions == [("insert", str(pid)), ("status", str(pid)), ("insert", str(q.id)), ("status", str(q.id))]


def test_docx_has_the_layout(canteen, tmp_path):
    d = canteen.draft_proposal("陈立新", "关于夜班食堂热饭的提案")
    out = pr.export_proposal_docx(d, tmp_path / "draft.docx")
    paragraphs = [p.text for p in Document(out).paragraphs]
    assert paragraphs[0] == "职工代表提案（草稿）"
    for line in ("案由：关于夜班食堂热饭的提案", "附议人：孙志强、欧阳明", "提案理由（现状与问题）：", "具体建议："):
        assert line in paragraphs


def cli(home, db_url, *args):
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--db", db_url, "--today", "2026-11-23", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"UNION_ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"})


def test_cli_draft_proposal_json_writes_nothing(canteen, home, db_url):
    proc = cli(home, db_url, "draft-proposal", "--speaker", "陈立新", "帮我起草一个关于夜班食堂热饭的提案", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) >= {"title", "reason", "suggestions", "proposer", "seconders", "citations", "text"}
    assert out["seconders"] == ["孙志强", "欧阳明"] and out["citations"][0]["clause"] == "二（四）"
    with session(canteen.url) as s:
        assert s.scalar(select(func.count(Proposal.id))) == 0
    proc = cli(home, db_url, "draft-proposal", "--speaker", "王五", "关于空调的提案", "--json")
    assert proc.returncode == 2 and "王五" in json.loads(proc.stdout)["error"]


def test_cli_opinions_list_json(canteen, home, db_url):
    proc = cli(home, db_url, "opinions", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["opinions"]
    assert len(rows) == 1
    assert {k: rows[0][k] for k in ("content", "raised_by", "recorded_by", "date", "status", "seconders", "due",
                                     "overdue")} == {
        "content": "夜班食堂没有热饭", "raised_by": "机加车间职工", "recorded_by": "陈立新", "date": "2026-11-20",
        "status": "登记", "seconders": ["孙志强", "欧阳明"], "due": None, "overdue": False}
    proc = cli(home, db_url, "opinions", "list", "--person", "欧阳明", "--status", "登记", "--json")
    assert len(json.loads(proc.stdout)["opinions"]) == 1
    proc = cli(home, db_url, "opinions", "list", "--status", "完成", "--json")
    assert proc.returncode == 2 and "状态" in json.loads(proc.stdout)["error"]


def test_a_draft_requests_subject_is_read_past_an_opener_as_the_chat_reads_it():
    from assistant.proposals import request_topic
    assert request_topic("那个 宿舍热水器老坏 帮我把这个写成提案 先别交") == "宿舍热水器老坏"
