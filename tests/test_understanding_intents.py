"""Each intent, and `other` for anything that is not a request."""
import pytest

from assistant.understanding import Roster, required_missing, understand
from store.schemas import Fields
from tests.conftest import DEMO_ROSTER, TODAY

ROSTER = Roster.from_csv(DEMO_ROSTER)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("昨天走访了机加车间的张三和李四，他们反映夜班食堂没有热饭", "log_contact"),
        ("今天上午给杨帆打了个电话", "log_contact"),
        ("职工反映食堂饭菜太贵", "log_opinion"),
        ("帮我记一条意见：澡堂开放时间太短", "log_opinion"),
        ("杨帆昨天反映装配线工位太挤", "log_opinion"),
        ("我附议吴勇提的雨棚建议", "second_opinion"),
        ("我这个月还差几次走访？", "query_requirements"),
        ("职工代表每月要走访几次？", "ask_regulation"),
        ("请问提案需要几人附议？", "ask_regulation"),
        ("帮我起草一个关于夜班食堂热饭的提案", "draft_proposal"),
        ("吴勇提的雨棚建议已经办结了", "update_status"),
        ("你好", "other"),
        ("谢谢", "other"),
        ("hello, how are you", "other"),
        ("SELECT * FROM people; DROP TABLE contacts; --", "other"),
        ("😀😀😀", "other"),
        ("", "other"),
        ("啊啊啊啊", "other"),
    ],
)
def test_intent(text, intent):
    assert understand(text, "陈立新", ROSTER, TODAY).intent == intent


def test_a_contact_with_issues_is_a_contact_not_an_opinion():
    p = understand("昨天和张三座谈，他建议增加班车", "陈立新", ROSTER, TODAY)
    assert p.intent == "log_contact" and p.fields.issues == ["建议增加班车"]


def test_opinion_without_date_is_dated_today():
    p = understand("职工反映食堂饭菜太贵", "陈立新", ROSTER, TODAY)
    assert p.fields.date == TODAY and p.missing == []


def test_fields_are_only_those_of_the_intent():
    p = understand("昨天走访了张三", "陈立新", ROSTER, TODAY)
    assert set(p.fields.public()) == {"date", "form", "people", "headcount"}
    assert set(understand("我本月还差什么", "陈立新", ROSTER, TODAY).fields.public()) == {"period"}
    assert understand("你好", "陈立新", ROSTER, TODAY).fields.public() == {}


def test_required_missing_in_order():
    assert required_missing("log_contact", Fields()) == ["date", "form", "people"]
    assert required_missing("log_contact", Fields(headcount=3, people=[])) == ["date", "form"]
    assert required_missing("log_opinion", Fields(date=TODAY)) == ["issues"]
    assert required_missing("log_opinion", Fields()) == ["date", "issues"]  # a vague day said: no date
    assert required_missing("update_status", Fields(topic="雨棚")) == ["status"]
    assert required_missing("second_opinion", Fields(opinion_id=3)) == []
    assert required_missing("ask_regulation", Fields()) == []


@pytest.mark.parametrize("text, intent", [
    # an opinion announced first is recorded, though its words read like a question
    ("有个建议 食堂能不能晚上也开 另外澡堂水不热", "log_opinion"),
    ("记一条意见 张三说更衣室应该装空调", "log_opinion"),
    ("我想提个建议，班车能不能多开一趟", "log_opinion"),
    ("有个建议，食堂能不能晚上也开？", "ask_regulation"),   # …unless it ends as a question
    # someone else's matter naming a period is not the speaker's duties
    ("昨天给杨帆打了个电话 她反映今年还没体检", "log_contact"),
    ("职工反映这个月还没发防暑费", "log_opinion"),
    ("我今年还差几次走访", "query_requirements"),
])
def test_opinions_that_read_like_questions_or_periods(text, intent):
    assert understand(text, "陈立新", ROSTER, TODAY).intent == intent


@pytest.mark.parametrize("text, intent", [
    ("职工希望厂里能不能多装几个饮水机", "log_opinion"),
    ("大家都反映食堂能不能晚上开", "log_opinion"),
    ("帮我登记 杨帆说夜班补贴太低 能不能提高一点", "log_opinion"),
    ("职工反映的问题多久要答复", "ask_regulation"),
    ("职工反映食堂能不能晚上开？", "ask_regulation"),
])
def test_a_matter_reported_with_a_question_word_in_it(text, intent):
    assert understand(text, "陈立新", ROSTER, TODAY).intent == intent


def test_a_few_people_talked_to_is_not_a_question():
    assert understand("昨天和几个职工座谈了 他们说宿舍太吵", "陈立新", ROSTER, TODAY).intent == "log_contact"
    assert understand("座谈会一般开几个小时", "陈立新", ROSTER, TODAY).intent == "ask_regulation"


def test_a_reporting_verb_with_nothing_after_it_raises_no_matter():
    for text in ("随便说说", "他说"):
        assert understand(text, "陈立新", ROSTER, TODAY).intent == "other", text
    p = understand("张三反映", "陈立新", ROSTER, TODAY)
    assert p.intent == "log_opinion" and p.fields.issues is None and p.missing == ["issues"]


@pytest.mark.parametrize("text, intent", [("我还要走访几个人才够", "query_requirements"),
                                          ("我还得写几篇提案", "query_requirements"),
                                          ("职工代表一年要写几篇提案", "ask_regulation"),
                                          ("帮我写一篇提案 关于班车", "draft_proposal")])
def test_how_many_more_is_the_speakers_duties(text, intent):
    assert understand(text, "陈立新", ROSTER, TODAY).intent == intent
