"""Follow-up turns: answers to the question asked, corrections, confirm, cancel, a new request."""
import datetime as dt

import pytest

from assistant.understanding import Roster, understand, understand_followup
from tests.conftest import DEMO_ROSTER, TODAY

ROSTER = Roster.from_csv(DEMO_ROSTER)
SPEAKER = "陈立新"


def first(text):
    return understand(text, SPEAKER, ROSTER, TODAY)


def then(text, pending, asked=None):
    return understand_followup(text, pending, asked, SPEAKER, ROSTER, TODAY)


def test_answer_the_date_asked():
    p = first("走访了李四和张伟")
    assert p.missing == ["date"]
    p = then("前天", p, "date")
    assert p.act == "answer" and p.fields.date == dt.date(2026, 11, 21) and p.missing == []
    assert p.fields.people == ["李四", "张伟"]


def test_a_vague_answer_leaves_the_date_missing():
    p = then("前几天", first("走访了李四"), "date")
    assert p.fields.date is None and p.missing == ["date"] and p.notes


def test_answer_the_form_and_the_people_asked():
    p = first("昨天和张三见了一面")
    p2 = then("座谈", first("昨天在装配车间，人有杨帆"), "form")
    assert p2.fields.form == "座谈" and p2.act == "answer"
    p = first("昨天去机加车间走访")
    assert p.missing == ["people"]
    p = then("张三和李四", p, "people")
    assert p.fields.people == ["张三", "李四"] and p.fields.headcount == 2 and p.missing == []


def test_answer_resolves_a_nickname_or_a_namesake():
    p = first("昨天给老张打了个电话")
    p = then("张伟", p, "people")
    assert p.fields.people == ["张伟"] and p.missing == [] and p.ambiguous_people == {}
    p = first("昨天和李娜聊了聊")
    p = then("装配车间的", p, "people")
    assert p.fields.people == ["李娜"] and p.missing == []


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("不是张伟，是张薇", "people", ["张薇"]),
        ("改成座谈", "form", "座谈"),
        ("日期改成前天", "date", dt.date(2026, 11, 21)),
        ("地点是装配车间", "place", "装配车间"),
        ("人数是8个", "headcount", 8),
    ],
)
def test_corrections(text, field, value):
    p = first("昨天给张伟打电话，他说宿舍漏水")
    p = then(text, p)
    assert p.act == "correct"
    assert getattr(p.fields, field) == value
    assert p.fields.issues == ["宿舍漏水"]  # the rest of the record stands


def test_correcting_an_unknown_name_to_a_rostered_one_clears_unknown():
    p = first("昨天走访了王五")
    assert p.unknown_people == ["王五"]
    p = then("不是王五，是张三", p)
    assert p.fields.people == ["张三"] and p.unknown_people == []


@pytest.mark.parametrize("text", ["确认", "对", "是的", "保存", "好的", "没问题", "可以", "对，保存吧"])
def test_confirmations(text):
    p = then(text, first("昨天走访了张三"))
    assert p.act == "confirm" and p.fields.people == ["张三"]


@pytest.mark.parametrize("text", ["算了", "取消", "不用了", "不要了"])
def test_cancels(text):
    assert then(text, first("昨天走访了张三")).act == "cancel"


def test_a_full_new_sentence_is_a_new_request():
    p = then("上周五在装配车间和张伟、杨帆等5名职工座谈，提出希望增加一趟班车", first("昨天走访了张三"))
    assert p.act == "new" and p.fields.headcount == 5 and p.fields.people == ["张伟", "杨帆"]
    p = then("我这个月还差几次走访？", first("走访了张三"), "date")
    assert p.act == "new" and p.intent == "query_requirements"


def test_missing_is_recomputed():
    p = first("和张三聊了聊")
    assert p.missing == ["date"]
    p = then("改成电话", p)
    assert p.fields.form == "电话" and p.missing == ["date"]
    p = then("昨天", p, "date")
    assert p.missing == []


def test_adding_a_person_and_bare_values_correct_the_record():
    p = first("昨天走访了张三，他反映食堂太贵")
    p = then("再加上林晓", p)
    assert p.act == "correct" and p.fields.people == ["张三", "林晓"] and p.fields.headcount == 2
    p = then("地点：机加车间", p)
    assert p.fields.place == "机加车间"
    p = then("电话", p)
    assert p.act == "correct" and p.fields.form == "电话"
    p = then("前天", p)
    assert p.fields.date == dt.date(2026, 11, 21)
    assert p.fields.issues == ["食堂太贵"]


def test_not_right_then_the_value():
    p = then("不对，是张伟", first("昨天走访了张三"))
    assert p.act == "correct" and p.fields.people == ["张伟"]
    p = then("日期不对，是上周四", first("上周三去看了李四"))
    assert p.fields.date == dt.date(2026, 11, 19)


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("日期错了，应该是11月20日", "date", dt.date(2026, 11, 20)),
        ("张伟写错了，是张薇", "people", ["张薇"]),
        ("地点在装配车间", "place", "装配车间"),
        ("不是座谈，是走访", "form", "走访"),
        ("再补充一个问题：更衣柜不够", "issues", ["食堂太贵", "更衣柜不够"]),
    ],
)
def test_more_ways_to_correct(text, field, value):
    p = then(text, first("昨天在机加车间和张伟座谈，他反映食堂太贵"))
    assert p.act == "correct" and getattr(p.fields, field) == value


def test_names_run_together_in_an_answer():
    p = then("张三李四王五", first("昨天去机加车间走访"), "people")
    assert p.fields.people == ["张三", "李四", "王五"] and p.unknown_people == ["王五"]


@pytest.mark.parametrize("correction, topic", [
    ("主题改成班车线路调整", "班车线路调整"),
    ("题目改成关于宿舍热水的提案", "宿舍热水"),
    ("标题改为更衣室空调", "更衣室空调"),
    ("内容改成停车棚照明", "停车棚照明"),       # a draft has no issues: 内容 is its topic
    ("不是夜班食堂热饭，是班车线路调整", "班车线路调整"),
    ("改成关于班车线路的提案", "班车线路"),
])
def test_a_drafts_topic_is_corrected(correction, topic):
    p = first("帮我起草一个关于夜班食堂热饭的提案")
    assert p.intent == "draft_proposal" and p.fields.topic == "夜班食堂热饭"
    p = then(correction, p)
    assert p.act == "correct" and p.intent == "draft_proposal" and p.fields.topic == topic


def test_an_opinions_topic_and_status_are_corrected():
    p = first("吴勇提的雨棚建议已经办结了")
    assert p.intent == "update_status" and p.fields.status == "已办结"
    p = then("主题改成食堂热饭", p)
    assert p.fields.topic == "食堂热饭" and p.fields.status == "已办结"
    p = then("状态改成交办", p)
    assert p.fields.topic == "食堂热饭" and p.fields.status == "交办"
    p = first("我附议吴勇提的雨棚建议")
    assert then("不是雨棚，是食堂热饭", p).fields.topic == "食堂热饭"


@pytest.mark.parametrize("turn, people, headcount, place, issues", [
    ("去掉李四", ["张三"], 1, "食堂", ["菜太咸", "饭太少"]),
    ("李四没来", ["张三"], 1, "食堂", ["菜太咸", "饭太少"]),
    ("不要张三了", ["李四"], 1, "食堂", ["菜太咸", "饭太少"]),
    ("第二个问题删掉", ["张三", "李四"], 2, "食堂", ["菜太咸"]),
    ("把菜太咸删掉", ["张三", "李四"], 2, "食堂", ["饭太少"]),
    ("地点不要了", ["张三", "李四"], 2, None, ["菜太咸", "饭太少"]),
])
def test_taking_a_person_a_matter_or_a_field_out(turn, people, headcount, place, issues):
    p = then(turn, first("昨天在食堂和张三李四座谈 张三说菜太咸 李四说饭太少"))
    assert p.act == "correct"
    assert (p.fields.people, p.fields.headcount, p.fields.place, p.fields.issues) == (people, headcount, place, issues)


def test_a_stated_headcount_loses_the_person_taken_out():
    p = then("去掉李四", first("昨天和张三、李四等5人座谈"))
    assert p.fields.people == ["张三"] and p.fields.headcount == 4
    assert then("删掉", first("昨天和张三座谈")).act == "cancel"


@pytest.mark.parametrize("text, act", [("好的，谢谢", "confirm"), ("确认 谢谢", "confirm"), ("不用了谢谢", "cancel"),
                                       ("撤销", "cancel"), ("删了吧", "cancel"), ("算了吧", "cancel")])
def test_confirm_and_cancel_with_thanks_or_other_words(text, act):
    assert then(text, first("昨天走访了李四")).act == act


def test_thanks_alone_confirms_nothing():
    assert then("谢谢", first("昨天走访了李四")).act != "confirm"


@pytest.mark.parametrize("text", ["漏了杨帆", "少写了一个人 杨帆", "忘了写杨帆"])
def test_a_person_left_out_is_added(text):
    p = then(text, first("昨天在食堂和张三李四座谈"))
    assert p.act == "correct" and p.fields.people == ["张三", "李四", "杨帆"] and p.fields.headcount == 3


def test_answering_which_opinion():
    p = then("是雨棚的事", first("已经解决了 职工非常满意"), "topic")
    assert p.fields.topic == "雨棚" and p.missing == []
    p = then("吴勇提的雨棚那个", first("我附议"), "topic")
    assert (p.fields.people, p.fields.topic, p.missing) == (["吴勇"], "雨棚", [])
    p = then("第3条", first("我附议"), "topic")
    assert (p.fields.opinion_id, p.fields.topic, p.missing) == (3, None, [])


def test_answering_who_with_a_count_or_a_name_before_a_pronoun():
    p = then("就张三一个人", first("昨天去机加车间座谈"), "people")
    assert (p.fields.people, p.fields.headcount) == (["张三"], 1)
    p = then("张三、王小五他们", first("昨天去机加车间座谈"), "people")
    assert p.fields.people == ["张三", "王小五"] and p.unknown_people == ["王小五"]
    assert first("昨天去王小五家看了看").fields.people == ["王小五"]
