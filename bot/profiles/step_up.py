"""Whether a named target role is a step up in the person's own line of work.

"sous chef" -> "head chef", "barista" -> "shift supervisor", "python developer" -> "tech
lead", "teacher" -> "deputy head" are growing where one is (the goal *advance*); "bookkeeper"
-> "data analyst" or "accountant" -> "project manager" are moves to another line (*switch*).
This reads only the words of the two titles, so it works for any title, in the catalog or
not: a target ranks higher (its most senior word: lead, supervisor, manager, head ...) and
either shares the current role's line of work ("chef") or names no line of its own, only a
rank and a place ("shift supervisor", "store manager", "team leader"), which then is the
person's own line.
"""

from __future__ import annotations

import re


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: How senior a word makes a role (any other word: 1). A rank word right after one of
#: :data:`_DEPUTY_WORDS` counts half a step lower ("assistant manager", "deputy head").
_RANK = {
    "trainee": 0, "apprentice": 0, "assistant": 0, "associate": 0, "intern": 0, "aide": 0,
    "junior": 0.5, "lead": 2, "leader": 2, "supervisor": 2, "senior": 2, "charge": 2,
    "foreman": 2, "manager": 3, "head": 4, "director": 4, "principal": 4, "chief": 5, "vp": 5,
}  # fmt: skip
_DEPUTY_WORDS = _set("assistant deputy associate vice")
#: Words that name where or with whom one works, not a line of work ("shift supervisor").
_PLACE_WORDS = _set(
    """
    shift team store shop branch site floor unit area department dept ward crew line cafe café
    restaurant kitchen bar hotel office section regional district general deputy assistant vice
    tech technical operations ops duty night day front house
    """
)
#: Words that say nothing about the line of work ("specialist", "officer", "staff").
_GENERIC_WORDS = _set("specialist worker officer staff member employee person")
#: Words said before a title that are not part of it ("a proper chef", "a full time cook").
_NOT_TITLE_WORDS = _set("a an the my full proper new actual fully time part")
_JUNIOR_WORDS = _set("junior trainee entry graduate")


def _words(title: str) -> list[str]:
    words = re.findall(r"[a-zé]+", title.lower().replace("-", " "))
    return [word for word in words if word not in _NOT_TITLE_WORDS]


def rank(words: list[str]) -> float:
    """The seniority of a title: its most senior word, half a step lower after "deputy"."""
    best = 1.0
    for index, word in enumerate(words):
        if word not in _RANK:
            continue
        value = float(_RANK[word])
        if index > 0 and words[index - 1] in _DEPUTY_WORDS and value > 1:
            value -= 0.5
        best = max(best, value)
    return best


def _line_words(words: list[str]) -> set[str]:
    """The words that name a line of work (without ranks, places and generic words)."""
    return {word for word in words if word not in _RANK and word not in _PLACE_WORDS} - _GENERIC_WORDS


def is_step_up(current: str, target: str) -> bool:
    """Whether ``target`` leads ``current``'s line of work (see the module docstring)."""
    now, then = _words(current), _words(target)
    if not now or not then:
        return False
    if then[0] == "senior" and then[1:] == now:
        return True
    junior_now = now[0] in _JUNIOR_WORDS and not set(then) & _JUNIOR_WORDS
    if junior_now and now[-1] == then[-1] and len(then) <= len(now) and rank(then) >= rank(now):
        return True
    if rank(then) <= rank(now):
        return False
    line_now, line_then = _line_words(now), _line_words(then)
    return bool(line_now & line_then) or not line_then
