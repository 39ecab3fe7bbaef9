"""Profile facts in whole messages (bot.profiles.facts): which words name which role.

The tables are sentences written for these tests (the independent evaluation set in
eval/independent/ is never used here); the properties run on generated text.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.profiles.facts import (
    CORRECTED_ROLE,
    CURRENT_ROLE,
    GOAL,
    INFORM,
    ROLE_FACTS,
    START_ADVICE,
    TARGET_ROLE,
    cleaned,
    facts_by_name,
    find_facts,
    route,
    states_only_facts,
)
from bot.profiles.step_up import is_step_up


def roles(text: str) -> dict[str, str]:
    return {fact.name: fact.value for fact in find_facts(text) if fact.name in ROLE_FACTS}


ROLE_CASES = [
    # current role: "I'm a ...", "I work as ...", "my job is ...", "... here", "as a ..."
    ("I'm a cashier at a supermarket", {CURRENT_ROLE: "cashier"}),
    ("im a barista at a coffee chain", {CURRENT_ROLE: "barista"}),
    ("I am an accountant", {CURRENT_ROLE: "accountant"}),
    ("I’m a registered nurse with 6 years of experience", {CURRENT_ROLE: "registered nurse"}),
    ("I'm currently working as a warehouse associate for a retailer", {CURRENT_ROLE: "warehouse associate"}),
    ("i work as a bus driver", {CURRENT_ROLE: "bus driver"}),
    ("I work from home as a freelance illustrator", {CURRENT_ROLE: "freelance illustrator"}),
    ("I've been working as a lab tech since 2019", {CURRENT_ROLE: "lab tech"}),
    (
        "my job title is Senior Accounts Payable Specialist",
        {CURRENT_ROLE: "Senior Accounts Payable Specialist"},
    ),
    ("my current role is operations coordinator", {CURRENT_ROLE: "operations coordinator"}),
    ("I'm the head of marketing at a startup", {CURRENT_ROLE: "head of marketing"}),
    ("I've been a welder for ten years", {CURRENT_ROLE: "welder"}),
    ("I was a store manager until last month", {CURRENT_ROLE: "store manager"}),
    ("pharmacist here, quick question", {CURRENT_ROLE: "pharmacist"}),
    ("As a teacher, what can I learn in the summer?", {CURRENT_ROLE: "teacher"}),
    ("Hi! I'm Dana, a paramedic", {CURRENT_ROLE: "paramedic"}),
    ("my current job as a sales rep is boring", {CURRENT_ROLE: "sales rep"}),
    # target role: "become", "move into", "retrain as", "want to be", "work as" after a wish
    ("I want to become a data analyst", {TARGET_ROLE: "data analyst"}),
    ("i wanna be a nurse", {TARGET_ROLE: "nurse"}),
    ("I'd like to move into project management", {TARGET_ROLE: "project management"}),
    ("thinking of switching to cybersecurity", {TARGET_ROLE: "cybersecurity"}),
    ("how do I get into UX design", {TARGET_ROLE: "UX design"}),
    ("I'm looking to change careers into nursing", {TARGET_ROLE: "nursing"}),
    ("I plan to retrain as a plumber", {TARGET_ROLE: "plumber"}),
    ("I'd love to work as a paralegal eventually", {TARGET_ROLE: "paralegal"}),
    ("looking for a job as a forklift driver", {TARGET_ROLE: "forklift driver"}),
    ("my dream job is to become a pilot", {TARGET_ROLE: "pilot"}),
    ("aspiring game developer", {TARGET_ROLE: "game developer"}),
    ("I want to go back to work as a bookkeeper", {TARGET_ROLE: "bookkeeper"}),
    # without a cue: a job title that starts a message and goes on to other facts
    (
        "cashier at a supermarket, want to become a data analyst",
        {CURRENT_ROLE: "cashier", TARGET_ROLE: "data analyst"},
    ),
    ("Hey! Admin assistant in local government, looking to move on", {CURRENT_ROLE: "Admin assistant"}),
    (
        "plumber, 20 yrs, want to move into building inspection",
        {CURRENT_ROLE: "plumber", TARGET_ROLE: "building inspection"},
    ),
    ("I am receptionist in hotel", {CURRENT_ROLE: "receptionist"}),
    ("I teach high school maths", {CURRENT_ROLE: "teacher"}),
    ("i work on a farm and want to learn drones", {CURRENT_ROLE: "farm worker"}),
    ("i run a small clothing store", {CURRENT_ROLE: "store manager"}),
    ("quick question, what is upskilling?", {}),
    ("thanks, that helps", {}),
    # steps up and interests
    (
        "product designer, want to move up to design lead",
        {CURRENT_ROLE: "product designer", TARGET_ROLE: "design lead"},
    ),
    (
        "I'm a real estate agent thinking about property management",
        {CURRENT_ROLE: "real estate agent", TARGET_ROLE: "property management"},
    ),
    ("I'd rather aim for nurse educator", {TARGET_ROLE: "nurse educator"}),
    ("I want to move into a data analyst role", {TARGET_ROLE: "data analyst"}),
    ("I want to become a full project manager", {TARGET_ROLE: "project manager"}),
    ("I'd like to work in cybersecurity", {TARGET_ROLE: "cybersecurity"}),
    ("hoping to land a role in HR", {TARGET_ROLE: "HR"}),
    ("I'm a cook thinking of moving to IT support", {CURRENT_ROLE: "cook", TARGET_ROLE: "IT support"}),
    ("next step for me would be team lead", {TARGET_ROLE: "team lead"}),
    ("I work in HR", {}),
    ("I work in a team of five", {}),
    # both
    (
        "I'm a cashier and I want to become a data analyst",
        {CURRENT_ROLE: "cashier", TARGET_ROLE: "data analyst"},
    ),
    ("from cashier to data analyst", {CURRENT_ROLE: "cashier", TARGET_ROLE: "data analyst"}),
    ("switching from retail management to HR", {CURRENT_ROLE: "retail management", TARGET_ROLE: "HR"}),
    ("teacher -> instructional designer", {CURRENT_ROLE: "teacher", TARGET_ROLE: "instructional designer"}),
    ("bartender to sommelier", {CURRENT_ROLE: "bartender", TARGET_ROLE: "sommelier"}),
    (
        "I'm an accountant moving into digital marketing - upskill or reskill?",
        {CURRENT_ROLE: "accountant", TARGET_ROLE: "digital marketing"},
    ),
    (
        "as a teacher, should I retrain as a software developer?",
        {CURRENT_ROLE: "teacher", TARGET_ROLE: "software developer"},
    ),
    (
        "looking for a job as a forklift driver, i was a warehouse picker",
        {CURRENT_ROLE: "warehouse picker", TARGET_ROLE: "forklift driver"},
    ),
    # corrections: current or target is decided by the conversation
    ("actually make that project manager", {CORRECTED_ROLE: "project manager"}),
    ("no wait, I meant a physiotherapist", {CORRECTED_ROLE: "physiotherapist"}),
    ("change it to an electrician", {CORRECTED_ROLE: "electrician"}),
    # not roles
    ("I'm a bit lost", {}),
    # an aside, a role called a role, a slash, a title with no cue
    (
        "could someone like me (warehouse supervisor, 8 yrs) move into logistics?",
        {CURRENT_ROLE: "warehouse supervisor", TARGET_ROLE: "logistics"},
    ),
    (
        "I'm a welder. Would a quality inspector job be realistic?",
        {CURRENT_ROLE: "welder", TARGET_ROLE: "quality inspector"},
    ),
    (
        "I'm a chemist hoping to move into regulatory / compliance officer",
        {CURRENT_ROLE: "chemist", TARGET_ROLE: "compliance officer"},
    ),
    ("after 15 years as a machinist my back is gone", {CURRENT_ROLE: "machinist"}),
    ("im a full time nurse", {CURRENT_ROLE: "nurse"}),
    ("sorry i meant web developer, not web designer", {CORRECTED_ROLE: "web developer"}),
    ("the job is a mess", {}),
    ("I'm a mom of two", {}),
    ("I'm a fast learner", {}),
    ("how can I be a better manager?", {}),
    ("I'm going to a workshop tomorrow", {}),
    ("I'm 34 and tired", {}),
    ("what is reskilling?", {}),
    ("it would be a good idea to learn", {}),
    ("", {}),
]


@pytest.mark.parametrize(
    ("text", "expected"), ROLE_CASES, ids=[case[0][:40] or "empty" for case in ROLE_CASES]
)
def test_roles_are_told_apart_by_how_they_are_said(text: str, expected: dict[str, str]) -> None:
    assert roles(text) == expected


GOAL_CASES = [
    ("I'm a cashier and I want to become a data analyst", None),  # the target role says it
    ("I want to change careers", "switch"),
    ("looking for a different field altogether", "switch"),
    ("I want to get promoted", "advance"),
    ("I'd like to grow in my current role", "advance"),
    ("how do I move up at my company", "advance"),
    ("I'm not sure which direction to take", "unsure"),
    ("I want to explore my options", "unsure"),
    ("upskill or reskill, what's the difference?", None),
    ("should I change careers or stay?", "unsure"),
    ("I'd like to grow into a team lead role", "advance"),
    ("im a pharmacy tech, better to stack more certs or try moving into research?", "unsure"),
    ("I'm a nurse, is that upskilling?", None),
    ("I'm a hotel receptionist and want to become front office manager in the same hotel", "advance"),
]

STEP_UP_CASES = [
    # a step up in the same line of work is growing; a new line is a switch
    ("sales associate", "sales manager", True),
    ("nurse", "nurse manager", True),
    ("account manager", "account director", True),
    ("junior web dev", "fullstack dev", True),
    ("data entry clerk", "data analyst", False),
    ("project manager", "product manager", False),
    ("cashier", "data analyst", False),
]


@pytest.mark.parametrize(("current", "target", "step_up"), STEP_UP_CASES)
def test_a_step_up_in_the_same_line_of_work(current: str, target: str, step_up: bool) -> None:
    assert is_step_up(current, target) is step_up


@pytest.mark.parametrize(("text", "goal"), GOAL_CASES)
def test_goal(text: str, goal: str | None) -> None:
    found = facts_by_name(find_facts(text)).get(GOAL)
    assert (found.value if found else None) == goal


ROUTE_CASES = [
    ("I'm a cashier and I want to become a data analyst", INFORM),
    ("I'm an accountant moving into digital marketing - upskill or reskill?", START_ADVICE),
    ("as a bus driver, could I become a software tester?", START_ADVICE),
    ("I'm a nurse, should I learn data analytics?", START_ADVICE),
    ("what is reskilling?", None),
    ("how long does reskilling take?", None),
]


@pytest.mark.parametrize(("text", "intent"), ROUTE_CASES)
def test_route(text: str, intent: str | None) -> None:
    assert route(text, find_facts(text)) == intent


def test_a_role_never_overlaps_money_or_hours() -> None:
    text = "I'm a freelance designer, 300 dollars and 4 hours a week, want to become a UX researcher"
    found = find_facts(text)
    names = [fact.name for fact in found]
    assert names.count(CURRENT_ROLE) == 1 and names.count(TARGET_ROLE) == 1
    spans = sorted((fact.start, fact.end) for fact in found if fact.name != GOAL)
    assert all(first[1] <= second[0] for first, second in pairwise(spans))


_VOCABULARY = (
    "I'm a an the cashier nurse want to become from into move as my job is and , . ? "
    "5 hours week $ 300 free online live bootcamp here actually make that 😀 ü ¿ <b> ; -- DROP TABLE"
)
WORDS = st.sampled_from(_VOCABULARY.split())


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=40).map(" ".join)))
def test_facts_never_raise_and_spans_lie_in_the_text(text: str) -> None:
    message = cleaned(text)
    for fact in find_facts(text):
        assert 0 <= fact.start < fact.end <= len(message)
        assert fact.value.strip()
    names = [fact.name for fact in find_facts(text) if fact.name in ROLE_FACTS]
    assert len(names) == len(set(names))  # at most one of each role


def test_huge_and_binary_input() -> None:
    assert isinstance(find_facts("I'm a nurse " * 10_000), list)
    assert isinstance(find_facts("\x00\x01\xff I'm a \x00 cashier"), list)


ONLY_FACTS_CASES = [
    ("my boss covers it", True),
    ("nothing at all, I'm broke", True),
    ("cheap stuff only please, like 50 bucks", True),
    ("maybe 4 hours a week", True),
    ("online pls", True),
    ("will my boss cover it?", False),  # a question
    ("I'm broke and my landlord is kicking me out", False),
    ("what's the weather this weekend", False),
    ("i hate my job", False),
]


@pytest.mark.parametrize(("text", "only_facts"), ONLY_FACTS_CASES)
def test_a_message_of_nothing_but_facts_is_an_answer(text: str, only_facts: bool) -> None:
    assert states_only_facts(text, find_facts(text)) is only_facts


@pytest.mark.parametrize(
    "text",
    [
        "patient assessment, med admin, care plans",
        "cooking, managing the line, ordering stock, training new staff",
        "picking, packing, forklift, scanners",
        "excel, data entry, payroll, office admin",
    ],
)
def test_a_job_word_in_a_list_of_skills_is_no_role(text: str) -> None:
    """Said in answer to "which skills do you have?", such a list never replaces the job."""
    assert not {fact.name for fact in find_facts(text)} & {"current_role", "target_role"}
