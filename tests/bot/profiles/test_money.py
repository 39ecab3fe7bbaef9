"""bot/profiles/money.py: the one parser of money, on bare answers and inside messages.

Each case states the exact answer (kind, amount, currency); every found answer is also read
again from its span alone, as bot/profiles/facts.py does, and must say the same. The
Hypothesis properties at the end hold for any text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.profiles.answers import (
    budget_amount,
    budget_currency,
    budget_from_text,
    parse_budget,
    parse_course_query,
    parse_profile_update,
)
from bot.profiles.money import (
    AMOUNT,
    EMPLOYER,
    FREE,
    MAX_AMOUNT,
    MONEY_KINDS,
    NO_LIMIT_KIND,
    MoneyAnswer,
    budget_slot,
    catalog_prices_in,
    find_money,
    money_from_slot,
    money_spans,
)

USD, EUR, GBP = "USD", "EUR", "GBP"

AMOUNTS = [
    # words and multipliers
    ("3 grand", "3000", USD),
    ("three grand", "3000", USD),
    ("3 grand in total", "3000", USD),
    ("a grand", "1000", USD),
    ("half a grand", "500", USD),
    ("two hundred bucks", "200", USD),
    ("two hundred", "200", USD),
    ("a hundred and fifty", "150", USD),
    ("a hundred and fifty dollars", "150", USD),
    ("one thousand five hundred", "1500", USD),
    ("two thousand five hundred euros", "2500", EUR),
    ("twenty-five quid", "25", GBP),
    ("fifty quid", "50", GBP),
    ("a couple hundred", "200", USD),
    ("a few hundred bucks", "300", USD),
    ("2k", "2000", USD),
    ("2K", "2000", USD),
    ("1.2k", "1200", USD),
    ("1.5k", "1500", USD),
    ("3 k", "3000", USD),
    ("$2k", "2000", USD),
    ("1e3", "1000", USD),  # not 1
    # digits
    ("$1,200", "1200", USD),
    ("$1,500", "1500", USD),
    ("1,200", "1200", USD),
    ("1200", "1200", USD),
    ("1500", "1500", USD),
    ("1,000.50", "1000.5", USD),
    ("99.99", "99.99", USD),
    ("$99.999", "100", USD),  # rounded to cents
    (".5", "0.5", USD),  # not 5
    ("1,000,000", "1000000", USD),  # the upper bound
    ("12 dollars", "12", USD),
    ("50 cents", "0.5", USD),
    # currencies
    ("£500", "500", GBP),
    ("500 pounds", "500", GBP),
    ("500 quid", "500", GBP),
    ("£1,200.50", "1200.5", GBP),
    ("500 GBP", "500", GBP),
    ("500 eur", "500", EUR),
    ("500 euros", "500", EUR),
    ("€300", "300", EUR),
    ("300€", "300", EUR),
    ("EUR 250", "250", EUR),
    ("up to 500 euros", "500", EUR),
    ("usd 400", "400", USD),
    ("A$300", "300", "AUD"),
    ("C$250", "250", "CAD"),
    ("₹5000", "5000", "INR"),
    ("¥20000", "20000", "JPY"),
    ("1500 rupees", "1500", "INR"),
    ("200 swiss francs", "200", "CHF"),
    ("1000 sek", "1000", "SEK"),
    # filler words around a bare number
    ("under $50", "50", USD),
    ("around 300", "300", USD),
    ("maybe 200", "200", USD),
    ("500 max", "500", USD),
    ("about 1000 tops", "1000", USD),
    ("i can spend about 300", "300", USD),
    ("I could spend like 400 max", "400", USD),
    # inside longer messages
    ("budget of 300 and 4 hours a week", "300", USD),
    ("budget: 400", "400", USD),
    ("my budget is 750", "750", USD),
    ("i could afford 250", "250", USD),
    ("300 to spend", "300", USD),
    ("i'm a cashier, can do 3 hrs a week and maybe 200 bucks, online or in person", "200", USD),
    ("I'm a freelance designer with 300 to spend", "300", USD),
    ("5 hours a week and £80", "80", GBP),
    ("I work 3 12s and can put aside 150", "150", USD),
    # ranges are their upper end
    ("between 100 and 200 dollars", "200", USD),
    ("$100-$200", "200", USD),
    ("100-200", "200", USD),
    ("100 to 200 bucks", "200", USD),
    ("500 or 600 euros", "600", EUR),
    # a stated amount wins over free, no limit or the employer
    ("free, or up to $50 if it's worth it", "50", USD),
    ("my company pays up to $2000", "2000", USD),
]

FREE_ANSWERS = [
    "zero. im broke lol",
    "zero",
    "nothing",
    "nothing at all",
    "none",
    "nada",
    "0",
    "0.00",
    "$0",
    "0 dollars",
    "free",
    "free only",
    "Free courses only",
    "only free stuff please",
    "for free",
    "free online courses",
    "i'm broke",
    "im broke",
    "no money",
    "i have no money",
    "can't afford anything",
    "I can't afford it",
    "zero budget",
    "my budget is zero",
    "not a penny",
]

EMPLOYER_ANSWERS = [
    "my employer pays",
    "my employer will pay",
    "company covers it",
    "the company is paying",
    "work will pay",
    "work pays for it",
    "my boss said she'd cover it",
    "paid by my company",
    "covered by work",
    "it's employer-funded",
    "my department has a training budget",
    "the hospital gives us an annual education allowance",
    "my company offers tuition reimbursement",
    "I'd use the tuition assistance program",
    "$0 personally, my employer has a learning budget",
    "my job sponsors training",
]

NO_LIMIT_ANSWERS = [
    "no limit",
    "no budget",  # as the form always read it
    "no budget limit",
    "unlimited",
    "any",
    "whatever",
    "doesn't matter",
    "money is no object",
    "cost is not an issue",
    "any budget",
    "sky's the limit",
]

NOT_MONEY = [
    "freelance",
    "I'm a freelance designer",
    "I have free time on weekends",
    "feel free to suggest anything",
    "I'm free on Mondays",
    "free on mondays",
    "gluten-free",
    "my employer won't pay",
    "work doesn't cover it",
    "i work and pay for it myself",
    "-100",  # not 100
    "$-100",
    "-$100",
    "1e9",  # above the bound
    "2000000",
    "i'm 25",
    "5 hours",
    "i work 3 12s",
    "I have 2 kids",
    "a team of 6",
    "5 evenings",
    "2k hours",
    "lots",
    "NaN",
    "Infinity",
    "#5",
    "5/10",
    "banana",
    "😀",
    "",
]


def _said_again(text: str, answer: MoneyAnswer) -> None:
    """The span alone says the same (bot/profiles/facts.py re-reads it)."""
    start, end = answer.span
    assert 0 <= start < end <= len(text)
    again = find_money(text[start:end])
    assert again is not None, text[start:end]
    assert (again.kind, again.amount, again.currency) == (answer.kind, answer.amount, answer.currency)


@pytest.mark.parametrize(("text", "amount", "currency"), AMOUNTS)
def test_amounts(text: str, amount: str, currency: str) -> None:
    answer = find_money(text)
    assert answer is not None
    assert (answer.kind, answer.amount, answer.currency) == (AMOUNT, Decimal(amount), currency)
    _said_again(text, answer)


@pytest.mark.parametrize("text", FREE_ANSWERS)
def test_free(text: str) -> None:
    answer = find_money(text)
    assert answer is not None
    assert (answer.kind, answer.amount, answer.currency) == (FREE, Decimal(0), USD)
    _said_again(text, answer)


@pytest.mark.parametrize("text", EMPLOYER_ANSWERS)
def test_the_employer_pays(text: str) -> None:
    answer = find_money(text)
    assert answer is not None
    assert (answer.kind, answer.amount, answer.currency) == (EMPLOYER, None, USD)
    _said_again(text, answer)


@pytest.mark.parametrize("text", NO_LIMIT_ANSWERS)
def test_no_limit(text: str) -> None:
    answer = find_money(text)
    assert answer is not None
    assert (answer.kind, answer.amount, answer.currency) == (NO_LIMIT_KIND, None, USD)
    _said_again(text, answer)


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert find_money(text) is None


def test_the_hours_number_is_never_money() -> None:
    text = "budget of 300 and 4 hours a week"
    assert money_spans(text) == [(10, 13)]  # "300" only


@pytest.mark.parametrize(
    ("text", "allowed", "refused"),
    [
        ("5", Decimal(5), None),
        ("nothing", Decimal(0), None),
        ("any", None, None),
        ("make my budget 1000", Decimal(1000), Decimal(1000)),
    ],
)
def test_bare_answers_only_when_allowed(text: str, allowed: Decimal | None, refused: Decimal | None) -> None:
    answer = find_money(text)
    assert answer is not None and answer.amount == allowed
    without = find_money(text, allow_bare=False)
    assert (without.amount if without else None) == refused


# --- the slot and its readers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("3 grand", "3000"),
        ("$1,200", "1200"),
        ("1.2k", "1200"),
        ("1,000.50", "1000.5"),
        ("£500", "500 GBP"),
        ("500 eur", "500 EUR"),
        ("¥20000", "20000 JPY"),
        ("nothing", "free"),
        ("$0", "free"),
        ("no limit", "any"),
        ("my employer pays", "any"),  # no personal limit
    ],
)
def test_budget_slot(text: str, slot: str) -> None:
    assert parse_budget(text) == slot
    assert parse_budget(slot) == slot  # the slot reads back as itself
    answer = find_money(text)
    assert answer is not None and budget_slot(answer) == slot


@pytest.mark.parametrize(
    ("slot", "amount", "currency"),
    [
        ("500 GBP", Decimal(500), GBP),
        ("1200", Decimal(1200), USD),
        ("1500 USD", Decimal(1500), USD),
        ("free", Decimal(0), USD),
        ("any", None, USD),
        (250, Decimal(250), USD),
        (None, None, USD),
    ],
)
def test_budget_amount_and_currency_read_the_slot(
    slot: object, amount: Decimal | None, currency: str
) -> None:
    assert budget_amount(slot) == amount
    assert budget_currency(slot) == currency


@pytest.mark.parametrize("text", ["2k", "500 eur", "3 grand", "$1,200", "1.2k", "£80", "two hundred bucks"])
def test_every_reader_of_money_gives_the_same_answer(text: str) -> None:
    answer = find_money(text)
    assert answer is not None and answer.amount is not None
    assert budget_from_text(text) == answer.amount
    assert parse_budget(text) == budget_slot(answer)
    query = parse_course_query(f"sql courses under {text}")
    assert (query.max_cost, query.cost_currency) == (answer.amount, answer.currency)
    update = parse_profile_update(f"make my budget {text}")
    assert update.budget == budget_slot(answer)


@pytest.mark.parametrize(
    ("currency", "priced"),
    [("USD", True), ("usd", True), ("GBP", True), ("EUR", True), ("JPY", False), ("INR", False), ("", False)],
)
def test_catalog_prices_in_the_currencies_of_the_rate_table(currency: str, priced: bool) -> None:
    """GBP and EUR budgets are compared by converting at the configured rates; a currency
    without a rate is asked again, never read as dollars."""
    assert catalog_prices_in(currency) is priced


def test_money_from_slot_takes_payload_values() -> None:
    assert money_from_slot(500) == find_money("500")
    assert money_from_slot(True) is None
    assert money_from_slot(["500"]) is None


# --- properties -----------------------------------------------------------------------------

ANSWER_WORDS = st.sampled_from(
    [
        "3",
        "grand",
        "2k",
        "1.2k",
        "$",
        "£",
        "€",
        "-",
        ".",
        ",",
        "0",
        "5",
        "12s",
        "1e3",
        "1e9",
        "-100",
        ".5",
        "budget",
        "of",
        "and",
        "hours",
        "a",
        "week",
        "free",
        "freelance",
        "nothing",
        "zero",
        "broke",
        "my",
        "employer",
        "pays",
        "work",
        "will",
        "pay",
        "no",
        "limit",
        "any",
        "between",
        "to",
        "100",
        "200",
        "bucks",
        "quid",
        "euros",
        "hundred",
        "thousand",
        "a",
        "couple",
        "few",
        "half",
        "i'm",
        "not",
        "won't",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(ANSWER_WORDS, max_size=25).map(" ".join),
    st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
    st.text(alphabet=st.sampled_from("😀🎉データ٣५\x00\u202e9$£€k,. -"), max_size=200),
)


def _check(text: str) -> None:
    answer = find_money(text)
    if answer is None:
        return
    assert answer.kind in MONEY_KINDS
    start, end = answer.span
    assert 0 <= start <= end <= len(text)
    assert len(answer.currency) == 3 and answer.currency.isupper()
    if answer.kind == AMOUNT:
        assert answer.amount is not None and 0 < answer.amount <= MAX_AMOUNT
    elif answer.kind == FREE:
        assert answer.amount == 0
    else:
        assert answer.amount is None


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_find_money_never_raises_and_stays_in_bounds(text: str) -> None:
    _check(text)
    slot = parse_budget(text)
    assert slot is None or parse_budget(slot) == slot


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=20), st.integers(min_value=1000, max_value=100_000))
def test_huge_text_is_fine(piece: str, times: int) -> None:
    _check(piece * times)
