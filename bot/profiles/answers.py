"""Understand short free-text answers to the advisor's questions.

Each parser returns a normalised value, or ``None`` when the answer does not say
anything usable, so the form can explain what a good answer looks like. Parsers never
raise on odd input (empty, emoji, other languages, huge text).

Money, hours and formats each have one parser, in their own module, that reads a bare
answer and the same facts inside a longer message: :func:`find_money`
(:mod:`bot.profiles.money`), :func:`find_hours` (:mod:`bot.profiles.hours`) and
:func:`find_formats` (:mod:`bot.profiles.formats`). The functions here that return slot
values (:func:`parse_budget`, :func:`parse_hours_per_week`, :func:`parse_format`) and the
readers of change requests and course searches are thin wrappers around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.profiles.formats import (
    SLOT_SEPARATOR,
    describe_formats,
    find_format_spans,
    find_formats,
    format_keys_from_slot,
    format_slot_value,
    formats_from_slot,
)
from bot.profiles.hours import HoursAnswer, find_hours, mentions_work_schedule
from bot.profiles.money import (
    AMOUNT,
    EMPLOYER,
    FREE,
    MAX_AMOUNT,
    NO_LIMIT_KIND,
    MoneyAnswer,
    budget_slot,
    catalog_prices_in,
    comparable_currencies,
    find_money,
    money_from_slot,
)
from bot.profiles.numbers import NUMBER_WORDS
from bot.vocabulary import COURSE_LEVELS, DEFAULT_CURRENCY, FORMAT_CHOICES, GOALS, NO_LIMIT

__all__ = [
    "AMOUNT",
    "ANY_WORDS",
    "COMMAND",
    "EMPLOYER",
    "FORMAT_CHOICES",
    "FREE",
    "HOURS",
    "MARKUP",
    "MAX_AMOUNT",
    "MAX_ANSWER_CHARS",
    "MONEY",
    "NO_LIMIT_KIND",
    "SKIP_WORDS",
    "SLOT_SEPARATOR",
    "CourseQuery",
    "HoursAnswer",
    "MoneyAnswer",
    "ProfileUpdate",
    "budget_amount",
    "budget_currency",
    "budget_from_text",
    "budget_slot",
    "catalog_prices_in",
    "clean",
    "comparable_currencies",
    "describe_formats",
    "find_format_spans",
    "find_formats",
    "find_hours",
    "find_money",
    "format_keys_from_slot",
    "format_slot_value",
    "formats_from_slot",
    "is_skip",
    "mentions_work_schedule",
    "money_from_slot",
    "parse_budget",
    "parse_course_query",
    "parse_format",
    "parse_goal",
    "parse_hours_per_week",
    "parse_profile_update",
    "role_answer_problem",
    "strip_correction",
]

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
        "something different",
        "completely different",
        "something else",
        "want out",
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
    """Hours per week between 0.5 and 80 ("5", "about 10 hours", "two hours a day").

    The low end of a range or an estimate (:func:`find_hours` has both ends and, for an
    estimate, the question to confirm it)."""
    answer = find_hours(clean(text))
    return None if answer is None else answer.low


def parse_budget(text: str | None) -> str | None:
    """The budget slot: 'free', 'any', an amount ("1500") or an amount in another currency
    ("500 GBP"); None when unreadable. The employer paying is 'any' (no personal limit)."""
    answer = find_money(clean(text))
    return None if answer is None else budget_slot(answer)


def budget_from_text(value: object) -> Decimal | None:
    """The amount of a budget text or slot; 0 for free only; None for no limit, the
    employer paying, or an unreadable value. The currency is :func:`budget_currency`'s."""
    answer = money_from_slot(value)
    if answer is None or answer.kind not in (AMOUNT, FREE):
        return None
    return answer.amount


def budget_amount(budget: object) -> Decimal | None:
    """The budget slot as an amount for the planner (None = no limit).

    The planner does not convert currencies: check :func:`budget_currency` with
    :func:`catalog_prices_in` before planning with a budget in another currency."""
    if not budget or budget == NO_LIMIT:
        return None
    return budget_from_text(budget)


def budget_currency(budget: object) -> str:
    """The currency of the budget slot ("500 GBP" -> "GBP"); DEFAULT_CURRENCY otherwise."""
    answer = money_from_slot(budget)
    return DEFAULT_CURRENCY if answer is None else answer.currency


def parse_format(text: str | None) -> str | None:
    """The format slot: keys of ``FORMAT_CHOICES`` joined by "+" ("online", "online+live",
    'any' for no preference); None when the answer names no format.
    :func:`formats_from_slot` gives the catalog formats it accepts."""
    return format_slot_value(find_formats(clean(text)))


#: Why an answer to "what is your role?" cannot be a job title (see :func:`role_answer_problem`).
COMMAND = "command"
QUESTION = "question"
OTHER_ANSWER = "other_answer"
#: A question, not a title: "what if I only have ...", "will my employer pay?".
_QUESTION = re.compile(
    r"\?\s*$|^\s*(?:what|how|why|when|where|which|who|can|could|would|will|should|is|are|do|does|did)\s+"
    r"(?:i|you|it|my|the|a|an|there|if|is|are|that|this|we)\b",
    re.IGNORECASE,
)
#: The answers to the other questions, as their buttons say them or close to it ("move to a
#: different role", "not sure yet", "online, at my own pace", "any format", "skip").
_OTHER_ANSWER = re.compile(
    r"^\W*(?:grow\s+in\s+my\s+current\s+role|move\s+to\s+a(?:nother|\s+different)\s+(?:role|job)|not\s+sure(?:\s+yet)?"
    r"|online(?:,?\s+at\s+my\s+own\s+pace)?|live\s+classes(?:\s+or\s+workshops)?|on\s+the\s+job.*|any\s+format"
    r"|bootcamp|free(?:\s+only)?|no\s+limit|up\s+to\s+\$?[\d,]+|skip|only|idk|dunno|i\s+don'?t\s+know)\W*$",
    re.IGNORECASE,
)
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
#: Number words in amounts ("two hundred dollars"), the ones ``bot.profiles.numbers`` reads.
_AMOUNT = r"(?:\d[\d,.]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
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
    if _QUESTION.search(value):
        return QUESTION
    if _OTHER_ANSWER.match(value):
        return OTHER_ANSWER
    return None


def strip_correction(text: str | None) -> str:
    """The role in "actually I'm a pharmacist" / "change my target to data analyst"."""
    return _CORRECTION_PREFIX.sub("", clean(text), count=1).strip(" .!")


@dataclass(frozen=True)
class CourseQuery:
    """The limits in "find me an online SQL course under 10 hours" (skills come separately)."""

    max_hours: Decimal | None = None
    max_cost: Decimal | None = None
    #: The format slot value asked for ("online", "online+live"); None for any.
    format_key: str | None = None
    level: str | None = None
    #: The currency of ``max_cost`` (see :func:`catalog_prices_in`).
    cost_currency: str = DEFAULT_CURRENCY

    @property
    def catalog_formats(self) -> tuple[str, ...]:
        """The catalog formats the query accepts; () for any."""
        return formats_from_slot(self.format_key)


_LIMIT_WORDS = r"(?:under|less than|below|at most|max(?:imum)?|within|up to|<)"
_HOURS_LIMIT = re.compile(_LIMIT_WORDS + r"\s*(\d+(?:\.\d+)?)\s*(?:h\b|hrs?\b|hours?)")


def parse_course_query(text: str | None) -> CourseQuery:
    """Budget, length, format and level limits stated in a course search request."""
    value = clean(text).lower()
    hours = _HOURS_LIMIT.search(value)
    money = find_money(value, allow_bare=False)
    cost = money.amount if money is not None and money.kind in (AMOUNT, FREE) else None
    level = next((name for name in COURSE_LEVELS if name in value), None)
    if level is None and ("intro" in value or "basic" in value):
        level = COURSE_LEVELS[0]
    format_key = parse_format(value)
    return CourseQuery(
        max_hours=Decimal(hours.group(1)) if hours else None,
        max_cost=cost,
        format_key=None if format_key == NO_LIMIT else format_key,
        level=level,
        cost_currency=money.currency if cost is not None and money is not None else DEFAULT_CURRENCY,
    )


@dataclass(frozen=True)
class ProfileUpdate:
    """What a mid-conversation change ("make my budget 1000") is about."""

    hours_per_week: str | None = None
    budget: str | None = None
    preferred_format: str | None = None
    goal: str | None = None


_FORMAT_HINT = re.compile(r"\bformats?\b|\bonline\b|\bclass(?:es)?\b|\bcourses?\b|\blearn(?:ing)?\b")


def parse_profile_update(text: str | None) -> ProfileUpdate:
    """The constraints a change request talks about; fields it does not mention stay None.

    A bare number ("make it 5") says neither hours nor money, so it changes nothing."""
    value = clean(text).lower()
    hours = find_hours(value, allow_bare=False)
    money = find_money(value, allow_bare=False)
    formats = find_formats(value)
    if formats == (NO_LIMIT,) and not _FORMAT_HINT.search(value):
        formats = ()  # "any" alone could be about anything
    goal = None
    if re.search(r"\b(?:goal|instead|rather)\b", value):
        goal = parse_goal(value)
    return ProfileUpdate(
        hours_per_week=f"{hours.low:g}" if hours is not None else None,
        budget=budget_slot(money) if money is not None else None,
        preferred_format=format_slot_value(formats),
        goal=goal,
    )
