"""The clause-tree parser on the five bundled regulations, and quote location/verification."""
from __future__ import annotations

import pytest

from knowledge.chunks import chunk_document
from knowledge.clauses import PREAMBLE, locate, locate_in_text, parse_clauses, related, verify_quote
from knowledge.documents import bundled, bundled_documents, parsed


def paths(doc_id: str) -> list[str]:
    return [n.path for n in parse_clauses(bundled(doc_id).text)]


def clause_paths(doc_id: str) -> list[str]:
    return [n.path for n in parse_clauses(bundled(doc_id).text) if n.kind == "clause"]


# (document, number of numbered clauses, paths that must exist)
EXPECTED = [
    ("000", 28, ["一", "二（二）1", "二（二）3", "二（三）2", "二（四）", "四（一）5", "四（二）3", "五4", "附件1", "附件3"]),
    ("001", 17, ["一", "二1", "二2", "三1", "三3", "四3", "五4", "附件"]),
    ("002", 26, ["三（一）1", "三（二）4", "三（二）4（1）", "三（二）4（2）", "三（三）4", "四（三）", "附件1一", "附件2"]),
    ("003", 9, ["一", "三", "五", "九"]),
    ("004", 21, ["二（一）", "二（五）", "二（十）", "三（三）", "四（四）"]),
]


@pytest.mark.parametrize("doc_id,count,known", EXPECTED)
def test_each_regulation_parses_into_its_clause_tree(doc_id, count, known):
    all_paths = paths(doc_id)
    assert len(clause_paths(doc_id)) == count
    assert all_paths[0] == PREAMBLE
    for p in known:
        assert p in all_paths, p
    # The closing block (attachment list, signature, 印发) is never part of a clause.
    text = bundled(doc_id).text
    for n in parse_clauses(text):
        if n.kind == "clause":
            assert "印发" not in text[n.start:n.end] or doc_id == "003"


@pytest.mark.parametrize("doc_id,quote,path", [
    ("000", "每月走访一次本选区职工", "二（二）3"),
    ("000", "每季度最后一个月20日为代表活动日", "四（二）3"),
    ("000", "职工代表提案征集委员会应在15日内召开专门会议研究", "二（四）"),
    ("001", "每人至少走访2个企业和10名职工", "三1"),
    ("001", "每季度向市总活动办公室上报一次工作情况", "五4"),
    ("002", "每人至少要联系1个社区、1个企业", "三（二）4（1）"),
    ("002", "每年与所联系的职工、劳模面对面交流1-2次", "三（一）1"),
    ("003", "三、支持代表", "三"),
    ("003", "每年至少形成一份高质量调研报告", "六"),
    ("004", "一年开展1次代表委员集中接待日活动", "二（五）"),
    ("004", "深圳市龙岗区工会系统", PREAMBLE),
])
def test_locate_returns_the_deepest_clause(doc_id, quote, path):
    assert locate(doc_id, quote) == path
    assert verify_quote(doc_id, quote)


def test_closing_block_and_attachments_have_their_own_paths():
    assert locate("000", "山东新升实业发展有限责任公司工会           2020年9月3日印发") == "落款"
    assert locate("000", "反映内容及要求") == "附件3"
    assert locate("002", "抄送：温州市总工会。") == "落款"


def test_an_altered_quote_is_rejected(home):  # home: an unknown id is looked up in the default database
    assert verify_quote("000", "每月走访一次本选区职工")
    assert not verify_quote("000", "每月走访两次本选区职工")
    assert not verify_quote("000", "")
    assert locate("000", "每周走访一次本选区职工") is None
    assert not verify_quote("no-such-document", "每月走访一次本选区职工")


def test_offsets_index_the_source_and_children_nest_inside_parents():
    for doc in bundled_documents():
        nodes = parsed(doc.text)
        for n in nodes:
            assert 0 <= n.start < n.end <= len(doc.text)
            assert n.start <= n.body_end <= n.end
            if n.parent is not None:
                parent = nodes[n.parent]
                assert parent.start <= n.start and n.end <= parent.end
                assert n.path.startswith(parent.path)


def test_markers_of_every_style_and_articles():
    text = ("某单位工会工作细则\n第一条 为做好工作，制定本细则。\n第二条 工作要求如下：\n（一）每月走访职工1次；\n"
            "（二）每季度座谈1次。\n一、附属说明\n1、按月登记。\n2．按季汇总，（1）报送工会；（2）存档备查。\n")
    nodes = parse_clauses(text)
    got = [n.path for n in nodes]
    assert got[:3] == ["序言", "第一条", "第二条"]
    assert "第二条（一）" in got and "第二条（二）" in got
    assert "第二条一1" in got and "第二条一2（2）" in got
    assert locate_in_text(text, "存档备查") == "第二条一2（2）"


def test_related_paths_follow_the_tree_not_string_prefixes():
    text = "".join(f"{n}、第{n}项内容。\n" for n in "一二三四五六七八九十") + "十一、第十一项内容。\n"
    nodes = parse_clauses(text)
    assert related(nodes, "十", "十")
    assert not related(nodes, "十", "十一")


def test_chunks_stay_inside_one_clause_and_skip_the_closing_block():
    for doc in bundled_documents():
        nodes = parsed(doc.text)
        for c in chunk_document(doc, nodes):
            node = next(n for n in nodes if n.path == c.path and n.start <= c.start and c.end <= n.end)
            assert node.kind != "closing"
            assert c.heading.startswith(doc.title)
