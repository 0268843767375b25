"""Facilities the text builds: a hospital, a school or a museum is an institution (an org) where it
acts, and a work built as a project (SPEC; issue 22 kind 4) where its clause builds or opens it:
建成|某某博物馆, 某某中学|开工建设, 某某医院、某某医院|建成投运. The org's span becomes a project's.
"""

from __future__ import annotations

import re

from .entity_text import EntitySpan

# Heads of buildings that house an institution. Which of an org's heads is a building is not a
# class jieba tags (医院, 银行, 协会 are all n), so the list says it.
FACILITY_HEADS = ("医院", "博物馆", "博物院", "学校", "中学", "小学", "幼儿园", "图书馆", "纪念馆", "美术馆", "科技馆")
# Verbs of building or opening a building, written right before it or after it (its list and a
# category closed by 等 between): a closed class of the genre; jieba tags them v as it does every
# verb the institution itself does (开诊, 招生, 举办), so the list says which build.
BUILT_BEFORE = re.compile(r"(?:建成开放|建成投用|建成|新建|开工建设|启动建设|迁建|扩建)了?\Z")
BUILT_AFTER = re.compile(r"(?:、[^\W\d_]{2,20}?)*(?:等[^\W\d_]{0,8}?)?(?:即将|正式|全面|相继|先后|顺利|已)?"
                         r"(?:建成|开工|竣工|封顶|投用|投运|投入使用|启动建设)")
ENDS_OBJECT = "，,。；;、等和及\n"  # after a building verb, the facility is the whole object
REACH = 60  # characters read after a facility for its list and verb (bounded: one-sentence texts)


def built_facilities(text: str, orgs: list[EntitySpan], projects: list[EntitySpan],
                     rule_id: str) -> tuple[list[EntitySpan], list[EntitySpan]]:
    """(orgs, projects) with each facility org its clause builds moved to the projects (as `rule_id`);
    one inside a longer project (中山医院 in 中山医院某某院区) stays an org inside it."""
    if not orgs:
        return orgs, projects
    taken = [(p.start, p.end) for p in projects]
    kept, moved = [], []
    for o in orgs:
        if (text.endswith(FACILITY_HEADS, o.start, o.end) and _built(text, o.start, o.end)
                and not any(a < o.end and o.start < b for a, b in taken)):
            moved.append(EntitySpan(o.start, o.end, "project", rule_id, priority=3))
        else:
            kept.append(o)
    return kept, projects + moved


def _built(text: str, start: int, end: int) -> bool:
    before = BUILT_BEFORE.search(text, max(0, start - 6), start) is not None
    if before and (end == len(text) or text[end] in ENDS_OBJECT):
        return True
    return BUILT_AFTER.match(text[end:end + REACH]) is not None
