"""Headcount, place, issues, period, topic, status: CONVENTIONS.md's examples, on the demo roster."""
import pytest

from assistant.understanding import Roster, understand
from assistant.understanding.fields import find_headcount, split_issues
from tests.conftest import DEMO_ROSTER, TODAY

ROSTER = Roster.from_csv(DEMO_ROSTER)


def say(text, speaker="陈立新"):
    return understand(text, speaker, ROSTER, TODAY)


@pytest.mark.parametrize(
    "text, count",
    [("和5名职工座谈", 5), ("和五位师傅座谈", 5), ("十几名职工", 10), ("二十多人", 20),
     ("二十来个职工", 20), ("两个人", 2), ("一个班组", None), ("第3条", None)],
)
def test_headcount_words(text, count):
    assert find_headcount(text) == count


def test_stated_number_larger_than_the_names_wins():
    p = say("上周五在装配车间和张伟、杨帆等5名职工座谈")
    assert p.fields.people == ["张伟", "杨帆"] and p.fields.headcount == 5
    p = say("昨天和3名职工座谈")
    assert p.fields.people == [] and p.fields.headcount == 3 and p.missing == []


def test_no_names_and_no_number_means_people_missing():
    p = say("昨天去装配车间走访")
    assert "people" not in p.fields.public() and "headcount" not in p.fields.public()
    assert p.missing == ["people"]


@pytest.mark.parametrize(
    "text, place",
    [("昨天在机加车间和张三座谈", "机加车间"), ("昨天到装配车间二班走了走，见了杨帆", "装配车间二班"),
     ("昨天去张三家看了看", "张三家"), ("昨天在职工食堂和李四聊了聊", "职工食堂"),
     ("昨天走访了机加车间的张三", None)],
)
def test_place(text, place):
    assert say(text).fields.place == place


def test_issues_drop_the_reporting_frame_and_split_on_connectives():
    p = say("昨天走访了张三和李四，他们反映夜班食堂没有热饭，还有更衣室太小；另外希望增加一趟班车。")
    assert p.fields.issues == ["夜班食堂没有热饭", "更衣室太小", "希望增加一趟班车"]
    assert split_issues("一是食堂饭菜贵，二是宿舍没有热水") == ["食堂饭菜贵", "宿舍没有热水"]
    # a comma without a connective stays inside one matter
    assert split_issues("夜班食堂没有热饭，饭菜都是凉的") == ["夜班食堂没有热饭，饭菜都是凉的"]
    # a space typed as a comma before a new speaker starts a new matter
    assert split_issues("检测设备老化 叶青说化验室通风差") == ["检测设备老化", "化验室通风差"]


def test_carrying_verbs_are_kept():
    p = say("上周五和张伟座谈，他提出希望增加一趟班车")
    assert p.fields.issues == ["希望增加一趟班车"]


@pytest.mark.parametrize(
    "text, period",
    [("我本月还差几次走访", "2026-11"), ("上个月我的任务完成了吗", "2026-10"),
     ("这个季度我还差什么", "2026Q4"), ("上季度我完成了多少", "2026Q3"),
     ("上半年我的任务完成情况", "2026H1"), ("今年我还差几件提案", "2026"), ("我还差什么", None)],
)
def test_period_of_requirement_questions(text, period):
    p = say(text)
    assert p.intent == "query_requirements"
    assert p.fields.period == period


def test_topics():
    assert say("请问职工代表每月要走访几次？").fields.topic == "职工代表每月要走访几次"
    p = say("我附议吴勇提的雨棚建议")
    assert p.intent == "second_opinion" and p.fields.topic == "雨棚" and p.fields.people == ["吴勇"]
    assert say("附议食堂热饭那条").fields.topic == "食堂热饭"
    p = say("帮我起草一个关于夜班食堂热饭的提案")
    assert p.intent == "draft_proposal" and p.fields.topic == "夜班食堂热饭" and p.fields.submit is None
    assert say("起草并提交一个关于班车的提案").fields.submit is True


def test_status_and_satisfaction():
    p = say("吴勇提的雨棚建议已经办结了，职工很满意")
    assert (p.intent, p.fields.topic, p.fields.status, p.fields.satisfaction) == ("update_status", "雨棚", "已办结", "满意")
    p = say("第3条意见已经反馈给职工了")
    assert (p.fields.opinion_id, p.fields.status, p.fields.topic) == (3, "已反馈", None)
    p = say("班车那个提案交上去了")
    assert p.fields.status == "已提交"
    p = say("食堂那条意见职工基本满意")
    assert p.missing == ["status"]
