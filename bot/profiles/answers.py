"""Understand short free-text answers to the advisor's questions.

Each parser returns a normalised value, or ``None`` when the answer does not say
anything usable, so the form can explain what a good answer looks like. Parsers never
raise on odd input (empty, emoji, other languages, huge text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.vocabulary import COURSE_LEVELS, FORMAT_CHOICES, FREE_BUDGET, GOALS, NO_LIMIT

MAX_ANSWER_CHARS = 500
SKIP_WORDS = {
    "skip",
    "pass",
    "next",
    "no idea",
    "not sure",
    "dont know",
    "don't know",
    "i don't know",
    "idk",
    "n/a",
}
#: Words that mean "no preference" for optional questions.
ANY_WORDS = {
    "any",
    "anything",
    "whatever",
    "no preference",
    "doesn't matter",
    "does not matter",
    "all",
    "either",
}

_GOAL_WORDS = {
    "advance": (
        "grow",
        "advance",
        "current role",
        "current job",
        "same role",
        "promot",
        "get better",
        "stay",
        "upskill",
        "deepen",
        "level up",
        "move up",
    ),
    "switch": (
        "different role",
        "new role",
        "change career",
        "switch",
        "move to",
        "another role",
        "another job",
        "new job",
        "reskill",
        "change job",
        "different job",
        "career change",
        "become a",
        "transition",
    ),
    "unsure": (
        "not sure",
        "unsure",
        "don't know",
        "dont know",
        "no idea",
        "undecided",
        "maybe",
        "explore",
        "options",
    ),
}

_FORMAT_WORDS = {
    "online": ("online", "self-paced", "self paced", "e-learning", "elearning", "remote", "at my own pace"),
    "live": ("cohort", "workshop", "class", "classroom", "in person", "in-person", "live", "instructor"),
    "bootcamp": ("bootcamp", "boot camp", "intensive"),
    "on_the_job": ("on the job", "on-the-job", "rotation", "mentor", "apprentice", "shadow"),
}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "a couple": 2,
    "a few": 3,
    "half an": 0.5,
}
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")
_CORRECTION_PREFIX = re.compile(
    r"^\s*(?:no[,.! ]+|sorry[,.! ]+|oops[,.! ]+|wait[,.! ]+)*"
    r"(?:actually[, ]+|i meant[, ]+|correction[:, ]+)?"
    r"(?:(?:please\s+)?(?:change|set|update|switch|make)\s+(?:my\s+)?"
    r"(?:current\s+role|current\s+job|target\s+role|target\s+job|target|goal|role|job)"
    r"(?:\s+role)?\s+(?:to|into|as)?\s*"
    r"|(?:my\s+)?(?:current\s+role|target\s+role|target|role|job)\s+(?:is|should be)\s+"
    r"|i(?:'d| would)?\s+(?:rather|prefer to|like to|want to)\s+"
    r"(?:become|be|move\s+to|switch\s+to)\s+(?:an?\s+)?"
    r"|i\s+want\s+to\s+(?:become|be)\s+(?:an?\s+)?)?",
    re.IGNORECASE,
)


def clean(text: str | None) -> str:
    """Collapse whitespace, drop control characters, cap the length."""
    if not text:
        return ""
    text = "".join(ch for ch in str(text)[: MAX_ANSWER_CHARS * 4] if ch.isprintable() or ch in " \t\n")
    return " ".join(text.split())[:MAX_ANSWER_CHARS]


def is_skip(text: str | None) -> bool:
    return clean(text).lower().strip(" .!") in SKIP_WORDS


def parse_goal(text: str | None) -> str | None:
    """advance / switch / unsure from a button value or free text."""
    value = clean(text).lower()
    if value in GOALS:
        return value
    for goal in reversed(GOALS):  # "not sure" before "switch" before "advance"
        if any(word in value for word in _GOAL_WORDS[goal]):
            return goal
    return None


def parse_hours_per_week(text: str | None) -> float | None:
    """Hours per week between 0.5 and 80 ("5", "about 10 hours", "two hours a day")."""
    value = clean(text).lower()
    if not value:
        return None
    number: float | None = None
    match = _NUMBER.search(value)
    if match:
        number = float(match.group(1).replace(",", "."))
    else:
        for word, amount in sorted(_NUMBER_WORDS.items(), key=lambda item: -len(item[0])):
            if re.search(rf"\b{word}\b", value):
                number = float(amount)
                break
    if number is None:
        return None
    if "day" in value or "daily" in value:
        number *= 5
    elif "month" in value:
        number /= 4
    return number if 0.5 <= number <= 80 else None


def parse_budget(text: str | None) -> str | None:
    """'free', 'any' or a plain amount as a string ("1500"); None when unreadable."""
    value = clean(text).lower()
    if not value:
        return None
    if value in ANY_WORDS or "no limit" in value or "unlimited" in value or "no budget" in value:
        return NO_LIMIT
    if "free" in value or value in {"0", "nothing", "none", "zero"} or "no money" in value:
        return FREE_BUDGET
    match = _NUMBER.search(value.replace(",", ""))
    if match:
        amount = Decimal(match.group(1))
        if re.search(r"\d\s*k\b", value):
            amount *= 1000
        return FREE_BUDGET if amount == 0 else f"{amount.normalize():f}"
    amount_or_none = budget_from_text(value)
    return None if amount_or_none is None else f"{amount_or_none.normalize():f}"


def budget_amount(budget: str | None) -> Decimal | None:
    """The budget slot as an amount for the planner (None = no limit)."""
    if not budget or budget == NO_LIMIT:
        return None
    return budget_from_text(budget)


def parse_format(text: str | None) -> str | None:
    """A key of ``FORMAT_CHOICES`` ('online', 'live', 'bootcamp', 'on_the_job', 'any')."""
    value = clean(text).lower()
    if value in FORMAT_CHOICES:
        return value
    if value in ANY_WORDS or "any" in value.split() or "no preference" in value:
        return NO_LIMIT
    for key, words in _FORMAT_WORDS.items():
        if any(word in value for word in words):
            return key
    return None


#: Why an answer to "what is your role?" cannot be a job title (see :func:`role_answer_problem`).
COMMAND = "command"
MARKUP = "markup"
MONEY = "money"
HOURS = "hours"

# Tags (<img ...>, </b>, <!-- -->), entities (&lt; &#60;), markdown (links, images, bold,
# headings, quotes), code (fences, braces, assignments, SQL), template and script syntax,
# links, addresses and handles: no job title contains any of these.
_MARKUP = re.compile(
    r"<\s*[/!?]?\s*[a-z]|[<>{}=`]|&(?:#\d+|#x[0-9a-f]+|[a-z]+);|!?\[[^\]]*\]\([^)]*\)"
    r"|\*\*|__|~~|^\s*(?:#+|>)\s|\$\{|javascript\s*:"
    r"|;\s*--|\bselect\b.*\bfrom\b|\bdrop\s+table\b|\binsert\s+into\b|\bdelete\s+from\b|\bunion\s+select\b"
    r"|https?://|\bwww\.|\b[a-z0-9-]+\.(?:com|org|net|io|co|de|uk|fr|info)\b|@",
    re.IGNORECASE,
)
_AMOUNT = r"(?:\d[\d,.]*|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|hundred|thousand)"
_MONEY_AMOUNT = re.compile(
    r"[$€£¥]\s*\d|\d\s*[$€£¥]"
    rf"|\b{_AMOUNT}(?:\s+(?:hundred|thousand))?\s*"
    r"(?:k|grand|bucks?|dollars?|usd|euros?|eur|pounds?|gbp|quid|cents?)\b"
    r"|\b(?:budget|afford|spend)\b[^.]*\d",
    re.IGNORECASE,
)
_HOURS_AMOUNT = re.compile(
    rf"\b{_AMOUNT}(?:\s*(?:-|to|or)\s*\d+)?\s*(?:h|hrs?|hours?|minutes?|mins?)\b"
    r"|\b(?:hours?|hrs?|minutes?|evenings?|days?|mornings?|nights?)\s+(?:a|per|each|every)\s+(?:week|day|month)\b"
    r"|^\D*\d+(?:[.,]\d+)?\s*(?:per|a|each|every)\s+(?:week|day|month)\b",
    re.IGNORECASE,
)
#: Whole answers that are a budget, not a role.
_BUDGET_ONLY = {"free", "free only", "no budget", "unlimited", "no limit", "no money"}


def role_answer_problem(text: str | None) -> str | None:
    """Why ``text`` cannot be taken as a job title, or None when it may be one.

    A slash command ("/session_start"), markup or code ("<img src=x ...>") or an amount
    of money or time ("about 300 dollars", "5 hours a week") answers some other question;
    storing it as the person's role would put it into their advice and HR's reports.
    """
    value = clean(text)
    if value.startswith("/"):
        return COMMAND
    if _MARKUP.search(value):
        return MARKUP
    if _MONEY_AMOUNT.search(value) or value.lower().strip(" .!") in _BUDGET_ONLY:
        return MONEY
    if _HOURS_AMOUNT.search(value):
        return HOURS
    return None


def strip_correction(text: str | None) -> str:
    """The role in "actually I'm a pharmacist" / "change my target to data analyst"."""
    return _CORRECTION_PREFIX.sub("", clean(text), count=1).strip(" .!")


@dataclass(frozen=True)
class CourseQuery:
    """The limits in "find me an online SQL course under 10 hours" (skills come separately)."""

    max_hours: Decimal | None = None
    max_cost: Decimal | None = None
    format_key: str | None = None
    level: str | None = None


_LIMIT_WORDS = r"(?:under|less than|below|at most|max(?:imum)?|within|up to|<)"
_HOURS_LIMIT = re.compile(_LIMIT_WORDS + r"\s*(\d+(?:\.\d+)?)\s*(?:h\b|hrs?\b|hours?)")
_COST_LIMIT = re.compile(
    _LIMIT_WORDS
    + r"\s*[$€£]\s*(\d+(?:\.\d+)?)|"
    + _LIMIT_WORDS
    + r"\s*(\d+(?:\.\d+)?)\s*(?:\$|usd|dollars?|eur|euros?|gbp|pounds?)"
)


def parse_course_query(text: str | None) -> CourseQuery:
    """Budget, length, format and level limits stated in a course search request."""
    value = clean(text).lower()
    hours = _HOURS_LIMIT.search(value)
    cost = None if "free" not in value.split() else Decimal(0)
    if cost is None:
        match = _COST_LIMIT.search(value)
        if match:
            cost = Decimal(match.group(1) or match.group(2))
    level = next((name for name in COURSE_LEVELS if name in value), None)
    if level is None and ("intro" in value or "basic" in value):
        level = COURSE_LEVELS[0]
    format_key = parse_format(value)
    return CourseQuery(
        max_hours=Decimal(hours.group(1)) if hours else None,
        max_cost=cost,
        format_key=None if format_key == NO_LIMIT else format_key,
        level=level,
    )


@dataclass(frozen=True)
class ProfileUpdate:
    """What a mid-conversation change ("make my budget 1000") is about."""

    hours_per_week: str | None = None
    budget: str | None = None
    preferred_format: str | None = None
    goal: str | None = None


_MONEY_HINT = re.compile(
    r"[$€£]|\bbudget\b|\bdollars?\b|\beuros?\b|\bpounds?\b|\bfree\b|\bspend\b|\bafford\b"
)
_HOURS_HINT = re.compile(r"\bhours?\b|\bhrs?\b|\bper week\b|\ba week\b|\bweekly\b|\bper day\b|\ba day\b")
_FORMAT_HINT = re.compile(
    r"\bformat\b|\bonline\b|\bself.paced\b|\bbootcamp\b|\bclass(?:es|room)?\b|\bworkshops?\b|"
    r"\bin.person\b|\bmentor(?:ing|ship)?\b|\bon the job\b|\bcohort\b|\blive\b"
)


def parse_profile_update(text: str | None) -> ProfileUpdate:
    """The constraint a change request talks about; fields it does not mention stay None."""
    value = clean(text).lower()
    hours = parse_hours_per_week(value) if _HOURS_HINT.search(value) else None
    budget = parse_budget(value) if _MONEY_HINT.search(value) and hours is None else None
    preferred = parse_format(value) if _FORMAT_HINT.search(value) else None
    goal = None
    if re.search(r"\b(?:goal|instead|rather)\b", value):
        goal = parse_goal(value)
    return ProfileUpdate(
        hours_per_week=f"{hours:g}" if hours is not None else None,
        budget=budget,
        preferred_format=preferred,
        goal=goal,
    )


def budget_from_text(value: str | None) -> Decimal | None:
    """Parse a budget; "free", "0", "none" mean free only; empty means no limit."""
    if value is None:
        return None
    # str(): a slot filled from a payload such as /inform{"budget": 500} holds a number.
    text = str(value).strip().lower().replace(",", "").replace("$", "").replace("usd", "").strip()
    if not text or text in {"any", "no limit", "unlimited"}:
        return None
    if text in {"free", "none", "nothing", "zero", "0"}:
        return Decimal(0)
    try:
        amount = Decimal(text)
    except ArithmeticError:
        return None
    return amount if amount.is_finite() and amount >= 0 else None
