"""``answers.role_answer_problem``: what can never be a job title, on seeded generated answers.

Commands, markup and amounts of money or time are generated from their parts (any
command name, any tag and attribute, any currency and phrasing) rather than listed, and
every role title and alias of the sample catalog must still pass as a possible title.
"""

from __future__ import annotations

import random
import string

import pytest

from bot.profiles import answers
from tests.kit import seed

SEED = 11
CASES = 150

FILLERS = ["", "about ", "around ", "maybe ", "I have ", "roughly ", "up to ", "I can do "]
MONEY_FILLERS = [*FILLERS, "my budget is ", "I can pay "]
TAGS = ["img", "script", "b", "a", "iframe", "svg", "div", "p", "style", "body", "marquee", "input"]
ATTRIBUTES = ["src=x", "onerror=alert(1)", 'href="http://x"', "onload=go()", "style='x'", ""]
CURRENCY_WORDS = ["dollars", "dollar", "usd", "euros", "eur", "pounds", "gbp", "bucks", "k", "grand", "quid"]
SYMBOLS = ["$", "€", "£"]
NUMBER_WORDS = ["two", "three", "five", "ten", "twenty", "a few", "a couple"]
TIME_UNITS = ["hours", "hour", "hrs", "h", "minutes"]
PERIODS = ["a week", "per week", "a day", "each week", "every day", ""]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 12)))


def _number(rng: random.Random) -> str:
    return rng.choice([str(rng.randint(1, 5000)), f"{rng.randint(1, 99)},{rng.randint(100, 999)}", "2.5"])


def slash_commands(rng: random.Random) -> list[str]:
    commands = []
    for _ in range(CASES):
        name = rng.choice([_word(rng), f"{_word(rng)}_{_word(rng)}"])
        suffix = rng.choice(["", ' {"role": "x"}', f" {_word(rng)}", '{"current_role": "nurse"}'])
        commands.append(rng.choice(["", " ", "  "]) + f"/{name}{suffix}")
    return [*commands, "/session_start", "/restart", "/affirm", "/inform", "/start_advice"]


def markup(rng: random.Random) -> list[str]:
    generated = []
    for _ in range(CASES):
        tag = rng.choice(TAGS)
        attribute = rng.choice(ATTRIBUTES)
        words = _word(rng)
        generated.append(
            rng.choice(
                [
                    f"<{tag} {attribute}>",
                    f"<{tag}>{words}</{tag}>",
                    f"{words} <{tag.upper()}/>",
                    f"[{words}](http://{words}.example)",
                    f"![{words}](x.png)",
                    f"`{words}`",
                    f"{{{{{words}}}}}",
                    f"&lt;{tag}&gt;",
                    f"javascript:{words}()",
                    f"{words} ${{{words}}}",
                    f"**{words}**",
                    f"# {words}",
                    f'{{"{words}": "{_word(rng)}"}}',
                    f"https://{words}.example/{_word(rng)}",
                    f"www.{words}.com",
                    f"@{words}",
                    f"{words}@{_word(rng)}.org",
                    f"'; DROP TABLE {words}; --",
                    f"SELECT * FROM {words}",
                    f"1 OR {words}={words}",
                ]
            )
        )
    return generated


def money(rng: random.Random) -> list[str]:
    generated = []
    for _ in range(CASES):
        filler = rng.choice(MONEY_FILLERS)
        amount = rng.choice([_number(rng), rng.choice(NUMBER_WORDS), f"{rng.choice(NUMBER_WORDS)} hundred"])
        generated.append(
            rng.choice(
                [
                    f"{filler}{amount} {rng.choice(CURRENCY_WORDS)}",
                    f"{filler}{rng.choice(SYMBOLS)}{_number(rng)}",
                    f"{filler}{_number(rng)}{rng.choice(SYMBOLS)}",
                    f"my budget is {_number(rng)}",
                    f"I can spend {_number(rng)} at most",
                ]
            )
        )
    return [*generated, "free", "Free only", "no budget", "unlimited"]


def hours(rng: random.Random) -> list[str]:
    generated = []
    for _ in range(CASES):
        amount = rng.choice(
            [str(rng.randint(1, 40)), rng.choice(NUMBER_WORDS), f"{rng.randint(1, 5)}-{rng.randint(6, 9)}"]
        )
        generated.append(
            f"{rng.choice(FILLERS)}{amount} {rng.choice(TIME_UNITS)} {rng.choice(PERIODS)}".strip()
        )
    generated += [f"{rng.randint(1, 30)} {rng.choice(['per', 'a', 'each', 'every'])} week" for _ in range(10)]
    return [*generated, "a couple of evenings a week", "an hour a day", "half an hour"]


GENERATED = {
    answers.COMMAND: slash_commands(random.Random(SEED)),
    answers.MARKUP: markup(random.Random(SEED + 1)),
    answers.MONEY: money(random.Random(SEED + 2)),
    answers.HOURS: hours(random.Random(SEED + 3)),
}


@pytest.mark.parametrize("problem", sorted(GENERATED))
def test_generated_answers_that_are_not_job_titles_are_recognised(problem: str) -> None:
    wrong = {text: answers.role_answer_problem(text) for text in GENERATED[problem]}
    assert {text: found for text, found in wrong.items() if found != problem} == {}


def _catalog_names() -> list[str]:
    names = []
    for role in seed.roles():
        names.append(role["title"])
        names.extend(role.get("aliases") or [])
    return names


PLAIN_ANSWERS = [
    "I'm an accountant",
    "i work as a cashier at a supermarket",
    "I'm an hr manager",
    "budget analyst",
    "freelance writer",
    "R&D engineer",
    "Engineer (civil)",
    "C++ developer",
    "night shift nurse",
    "e-learning designer",
    "1 on 1 tutor",
    "I've been a teacher for 10 years",
]


@pytest.mark.parametrize("text", [*_catalog_names(), *PLAIN_ANSWERS])
def test_every_catalog_title_and_alias_may_be_a_job_title(text: str) -> None:
    assert answers.role_answer_problem(text) is None


@pytest.mark.parametrize("text", ["", "   ", None, "🙂", "x" * 3000, "Je suis infirmière"])
def test_odd_input_never_raises(text: str | None) -> None:
    assert answers.role_answer_problem(text) in (None, *GENERATED)
