"""How real people answer "how many hours a week?", "what is your budget?" and "how do you
like to learn?", with the value a careful human reads from each answer.

The table was written from people's phrasings (UK, US, India, Australia, South Africa, ...),
before reading the parsers, so it checks their behaviour rather than restating it.

Conventions the table holds the parsers to:

* Hours are per week. A rate is multiplied out: "an hour a day on weekdays" is 5, "30 min
  each lunch break" 2.5 (a working week of lunch breaks), "every other day" 3.5 days. "A day"
  / "a night" / "every evening" alone count every day ("2 hrs a night" is 14, confirmed, as
  two strangers writing the independent sets read it); a month is four weeks. Amounts on
  listed days are summed ("3 hrs on tues and 3 on thurs" is 6; "2 on mon, wed and fri" 6).
  A weekend amount is a total ("weekends only, about 4 hours" is 4) unless it says each day.
  A range stays a range (``low``, ``high``); the form plans with ``low``.
* A work schedule ("i work 3 12s", "4 on 4 off", "I work 40 hours a week") is not study time:
  the form asks again (no hours, :func:`mentions_work_schedule`) or the answer carries a
  ``needs_confirmation`` question; it never silently plans with it.
* Vague answers ("not much", "part time", "a few hours") are either not read or read with a
  ``needs_confirmation`` question.
* A budget range is its upper end ("200-300 euros" is 300 EUR): a budget is a ceiling, and
  the parser already reads "100-200" as 200.
* Someone else paying (employer, trust, school, union, department, GI Bill, council fund,
  grant, scholarship, voucher, reimbursement) is the ``employer`` kind: no personal limit.
  A question ("will my boss pay?") or a refusal ("work won't pay") is not.
* "No budget at all", "I have no budget", "can't afford anything", "nothing" are ``free``;
  "money isn't the issue", "whatever it costs", "budget open" are ``no_limit``. A bare "no
  budget" stays ``no_limit``, as the form has always read it (test_money.py).
* A currency is its ISO code even when the catalog cannot price in it (ZAR, NGN, PHP, ...),
  and "XXX" for a sign without a known code: never silently USD. "1.5 lakh" is rupees.
* Formats: a format named only as unwanted ("not online") accepts every other one.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.profiles.answers import find_formats, find_hours, find_money, mentions_work_schedule

ASK = "ask"  # a work schedule or an estimate to confirm, never a silent number
VAGUE = "vague"  # not read, or read with a question to confirm

HOURS: list[tuple[str, object]] = [
    # plain weekly amounts
    ("5", 5),
    ("5 hours", 5),
    ("5 hrs a week", 5),
    ("about 5 hours a week", 5),
    ("ten hours", 10),
    ("twelve hours a week", 12),
    ("fifteen", 15),
    ("8 hours weekly", 8),
    ("roughly 8 hrs weekly", 8),
    ("8 hours per week", 8),
    ("8 hours every week", 8),
    ("8 hours a wk", 8),
    ("10h/week", 10),
    ("10 hrs/wk", 10),
    ("10hrs pw", 10),
    ("about 10", 10),
    ("~6", 6),
    ("6ish", 6),
    ("at least 5 hours", 5),
    ("no more than 3 hours a week", 3),
    ("up to 8 hours a week", 8),
    ("90 minutes a week", 1.5),
    ("a couple of hours a week", 2),
    ("5 hrs a week, maybe more in summer", 5),
    ("10 hours over the weekend", 10),
    ("1,5 hours", 1.5),
    # ranges
    ("5-10 hours", (5, 10)),
    ("between 3 and 4 hours a week", (3, 4)),
    ("3 to 5 hrs", (3, 5)),
    ("maybe 6 or 7 hours", (6, 7)),
    ("an hour or two a day", (7, 14)),
    ("1-2 hours a day", (7, 14)),
    ("2-3 hrs a night", (14, 21)),
    # per day / night / weekday rates
    ("2 hrs a night", (14, 14)),
    ("2 hours a day", (14, 14)),
    ("an hour a day", (7, 7)),
    ("1.5 hours a day", (10.5, 10.5)),
    ("2h/day", (14, 14)),
    ("an hour a day on weekdays", 5),
    ("1 hr every weekday", 5),
    ("weekday evenings, 1 hour", 5),
    ("2 hours on weeknights", 10),
    ("Mon-Fri 1 hour", 5),
    ("1 hour mon to fri", 5),
    ("1 hr Mon-Thu", 4),
    ("30 min each lunch break", 2.5),
    ("lunch breaks, 30 min", 2.5),
    ("30 mins a day", (3.5, 3.5)),
    ("half an hour a day", (3.5, 3.5)),
    ("15 min a day", (1.75, 1.75)),
    ("45 minutes a day, weekdays", 3.75),
    ("an hour every morning", (7, 7)),
    ("every evening for an hour", (7, 7)),
    ("every night 2 hours", (14, 14)),
    ("1 hour on the train each day", (7, 7)),
    ("2 hours every other day", 7),
    ("20 mins every day", (7 / 3, 7 / 3)),
    # listed days with amounts: summed
    ("3 hrs on tues and 3 on thurs", 6),
    ("3 hours on tuesday and 3 on thursday", 6),
    ("2 on mon, wed and fri", 6),
    ("2 hours on monday, wednesday and friday", 6),
    ("an hour on tuesdays and thursdays", 2),
    ("4 hours on saturday and 2 on sunday", 6),
    ("1 hr mon, 2 hrs wed", 3),
    ("about 3 hours on sundays", 3),
    ("sundays, 3 hours", 3),
    ("saturday mornings, 2 hrs", 2),
    ("every saturday morning for 2 hrs", 2),
    # weekends
    ("weekends only, about 4 hours", 4),
    ("only weekends, 4 hrs", 4),
    ("4 hours at the weekend", 4),
    ("weekends, 6 hours total", 6),
    ("2 hours each weekend day", 4),
    ("2 hrs per day on weekends", 4),
    ("3 hours on saturdays and sundays", 6),
    # sessions with an amount each
    ("3 evenings, ~2 hrs each", 6),
    ("3 evenings a week, 2 hours each", 6),
    ("2 nights a week, 3 hours each", 6),
    ("two evenings a week, an hour each", 2),
    ("twice a week for 2 hours", 4),
    ("once a week, 3 hours", 3),
    ("3 hours once a week", 3),
    ("3 hours twice a week", 6),
    ("2 hours, 3 times a week", 6),
    ("3x a week 1 hr", 3),
    ("3 x 2 hours", 6),
    ("4 sessions of 90 minutes", 6),
    # per month
    ("5 hours a month", 1.25),
    ("20 hours a month", 5),
    # full / part time, vague
    ("full time", "full"),
    ("I can study full time", "full"),
    ("full-time", "full"),
    ("part time", VAGUE),
    ("not much", VAGUE),
    ("hardly any time", VAGUE),
    ("a few hours a week", VAGUE),
    ("two evenings a week", VAGUE),
    ("not much, maybe an hour a week", 1),
    # work schedules: ask, never plan with them
    ("i work 3 12s", ASK),
    ("I work three 12 hour shifts", ASK),
    ("I work 3 x 12hr shifts", ASK),
    ("4 on 4 off", ASK),
    ("I do 4 on 4 off nights", ASK),
    ("I work 40 hours a week", ASK),
    ("I work 9 to 5", ASK),
    ("I do 12 hour shifts", ASK),
    ("I work 9-5 so maybe 5 hours", 5),
    ("I work 3 12s so about 6 hours on my days off", 6),
    ("full time job, so 4 hours a week", 4),
    # nothing about study time
    ("I don't know", None),
    ("depends on the week", None),
    ("hi", None),
    ("I'm 35", None),
    ("I have 2 kids", None),
    ("my shift starts at 7", None),
]


def _hours_ok(text: str, expected: object) -> bool:
    answer = find_hours(text)
    if expected is None:
        return answer is None
    if expected == ASK:
        if answer is None:
            return mentions_work_schedule(text)
        return answer.needs_confirmation is not None
    if expected == VAGUE:
        return answer is None or answer.needs_confirmation is not None
    if answer is None:
        return False
    if expected == "full":
        return answer.low >= 30
    low, high = expected if isinstance(expected, tuple) else (expected, expected)
    return abs(answer.low - float(low)) < 0.2 and abs(answer.high - float(high)) < 0.2


@pytest.mark.parametrize(("text", "expected"), HOURS, ids=[text for text, _ in HOURS])
def test_hours_phrasings(text: str, expected: object) -> None:
    assert _hours_ok(text, expected), (text, find_hours(text))


NOT_EMPLOYER = "not_employer"  # anything but "the employer pays"

MONEY: list[tuple[str, object]] = [
    # plain amounts and slang
    ("200", ("amount", 200, "USD")),
    ("$200", ("amount", 200, "USD")),
    ("£200", ("amount", 200, "GBP")),
    ("200 pounds", ("amount", 200, "GBP")),
    ("200 quid", ("amount", 200, "GBP")),
    ("fifty quid", ("amount", 50, "GBP")),
    ("200 bucks", ("amount", 200, "USD")),
    ("a hundred bucks", ("amount", 100, "USD")),
    ("two hundred bucks", ("amount", 200, "USD")),
    ("two hundred dollars", ("amount", 200, "USD")),
    ("one thousand", ("amount", 1000, "USD")),
    ("1 thousand pounds", ("amount", 1000, "GBP")),
    ("a grand", ("amount", 1000, "USD")),
    ("a couple of grand", ("amount", 2000, "USD")),
    ("a couple grand", ("amount", 2000, "USD")),
    ("5 grand", ("amount", 5000, "USD")),
    ("two grand", ("amount", 2000, "USD")),
    ("a couple of hundred quid", ("amount", 200, "GBP")),
    ("2k", ("amount", 2000, "USD")),
    ("2.5k", ("amount", 2500, "USD")),
    ("1.2k", ("amount", 1200, "USD")),
    ("$1.2k", ("amount", 1200, "USD")),
    ("£2k", ("amount", 2000, "GBP")),
    ("1,500", ("amount", 1500, "USD")),
    ("£1,000", ("amount", 1000, "GBP")),
    ("1000 dollars", ("amount", 1000, "USD")),
    ("1000 USD", ("amount", 1000, "USD")),
    ("USD 1000", ("amount", 1000, "USD")),
    ("US$1000", ("amount", 1000, "USD")),
    ("€300", ("amount", 300, "EUR")),
    ("300 euros", ("amount", 300, "EUR")),
    ("300 eur", ("amount", 300, "EUR")),
    ("100 euro", ("amount", 100, "EUR")),
    ("I'd pay 100 dollars", ("amount", 100, "USD")),
    ("I can spend about 300", ("amount", 300, "USD")),
    ("budget is 250", ("amount", 250, "USD")),
    ("around 150", ("amount", 150, "USD")),
    ("about 150 dollars", ("amount", 150, "USD")),
    # limits and ranges (a range is its upper end)
    ("under $500", ("amount", 500, "USD")),
    ("less than 500 dollars", ("amount", 500, "USD")),
    ("max 1000", ("amount", 1000, "USD")),
    ("no more than 300", ("amount", 300, "USD")),
    ("up to 400 quid", ("amount", 400, "GBP")),
    ("200-300 euros", ("amount", 300, "EUR")),
    ("200 to 300 euros", ("amount", 300, "EUR")),
    ("€200-€300", ("amount", 300, "EUR")),
    ("between £100 and £200", ("amount", 200, "GBP")),
    ("100-200 bucks", ("amount", 200, "USD")),
    ("R2000-R3000", ("amount", 3000, "ZAR")),
    ("1-2k", ("amount", 2000, "USD")),
    ("a few hundred to a grand", ("amount", 1000, "USD")),
    # South Africa
    ("R500", ("amount", 500, "ZAR")),
    ("R 5000", ("amount", 5000, "ZAR")),
    ("R5k", ("amount", 5000, "ZAR")),
    ("R10 000", ("amount", 10000, "ZAR")),
    ("5000 rand", ("amount", 5000, "ZAR")),
    ("10 000 rand", ("amount", 10000, "ZAR")),
    ("ZAR 3000", ("amount", 3000, "ZAR")),
    ("3000 ZAR", ("amount", 3000, "ZAR")),
    ("500 rand max", ("amount", 500, "ZAR")),
    ("max R2000", ("amount", 2000, "ZAR")),
    # India
    ("₹5000", ("amount", 5000, "INR")),
    ("rs 5000", ("amount", 5000, "INR")),
    ("Rs. 5,000", ("amount", 5000, "INR")),
    ("5000 rupees", ("amount", 5000, "INR")),
    ("50k INR", ("amount", 50000, "INR")),
    ("INR 20000", ("amount", 20000, "INR")),
    ("1 lakh", ("amount", 100000, "INR")),
    ("1.5 lakh rupees", ("amount", 150000, "INR")),
    ("2 lakhs", ("amount", 200000, "INR")),
    ("₹1,00,000", ("amount", 100000, "INR")),
    # elsewhere
    ("₦50000", ("amount", 50000, "NGN")),
    ("50,000 naira", ("amount", 50000, "NGN")),
    ("NGN 50000", ("amount", 50000, "NGN")),
    ("₱10000", ("amount", 10000, "PHP")),
    ("PHP 10000", ("amount", 10000, "PHP")),
    ("A$500", ("amount", 500, "AUD")),
    ("500 AUD", ("amount", 500, "AUD")),
    ("500 aussie dollars", ("amount", 500, "AUD")),
    ("1000 Australian dollars", ("amount", 1000, "AUD")),
    ("C$400", ("amount", 400, "CAD")),
    ("400 CAD", ("amount", 400, "CAD")),
    ("NZ$300", ("amount", 300, "NZD")),
    ("300 NZD", ("amount", 300, "NZD")),
    ("AED 2000", ("amount", 2000, "AED")),
    ("2000 dirhams", ("amount", 2000, "AED")),
    ("2000 aed", ("amount", 2000, "AED")),
    ("SGD 800", ("amount", 800, "SGD")),
    ("S$800", ("amount", 800, "SGD")),
    ("800 singapore dollars", ("amount", 800, "SGD")),
    ("500 cedis", ("amount", 500, "GHS")),
    ("KSh 5000", ("amount", 5000, "KES")),
    ("5000 kenyan shillings", ("amount", 5000, "KES")),
    # free
    ("free", ("free", 0, None)),
    ("free only", ("free", 0, None)),
    ("only free courses", ("free", 0, None)),
    ("nothing", ("free", 0, None)),
    ("nothing at all", ("free", 0, None)),
    ("zero", ("free", 0, None)),
    ("$0", ("free", 0, None)),
    ("£0", ("free", 0, None)),
    ("zilch", ("free", 0, None)),
    ("no budget", ("no_limit", None, None)),  # as the form always read it
    ("no budget at all", ("free", 0, None)),
    ("I have no budget", ("free", 0, None)),
    ("I have no money", ("free", 0, None)),
    ("no money", ("free", 0, None)),
    ("can't afford anything", ("free", 0, None)),
    ("I can't afford to pay", ("free", 0, None)),
    ("cant afford anything right now", ("free", 0, None)),
    ("I'm broke", ("free", 0, None)),
    ("skint", ("free", 0, None)),
    ("nothing, I'm unemployed", ("free", 0, None)),
    # no limit
    ("money isn't the issue", ("no_limit", None, None)),
    ("money is not an issue", ("no_limit", None, None)),
    ("money's no object", ("no_limit", None, None)),
    ("price is no object", ("no_limit", None, None)),
    ("whatever it costs", ("no_limit", None, None)),
    ("budget open", ("no_limit", None, None)),
    ("open budget", ("no_limit", None, None)),
    ("the budget is open", ("no_limit", None, None)),
    ("no limit", ("no_limit", None, None)),
    ("unlimited", ("no_limit", None, None)),
    ("cost doesn't matter", ("no_limit", None, None)),
    ("the cost is not a problem", ("no_limit", None, None)),
    # someone else pays
    ("my employer pays", ("employer", None, None)),
    ("my company pays", ("employer", None, None)),
    ("company will pay", ("employer", None, None)),
    ("work pays for it", ("employer", None, None)),
    ("work will reimburse", ("employer", None, None)),
    ("my employer will reimburse me", ("employer", None, None)),
    ("the trust pays", ("employer", None, None)),
    ("my trust is funding it", ("employer", None, None)),
    ("my school pays", ("employer", None, None)),
    ("the union pays", ("employer", None, None)),
    ("my union covers it", ("employer", None, None)),
    ("my dept pays", ("employer", None, None)),
    ("the department is paying", ("employer", None, None)),
    ("GI Bill covers it", ("employer", None, None)),
    ("I'm using the GI Bill", ("employer", None, None)),
    ("the council's adult skills fund is paying", ("employer", None, None)),
    ("I have a grant", ("employer", None, None)),
    ("I've got a scholarship", ("employer", None, None)),
    ("I have a voucher", ("employer", None, None)),
    ("training budget from work", ("employer", None, None)),
    ("company sponsored", ("employer", None, None)),
    ("employer-funded", ("employer", None, None)),
    ("my boss is paying", ("employer", None, None)),
    ("the army pays for it", ("employer", None, None)),
    ("no budget, my employer pays", ("employer", None, None)),
    # questions and refusals are not "the employer pays"
    ("will my boss pay?", NOT_EMPLOYER),
    ("would my employer pay for this?", NOT_EMPLOYER),
    ("can my company pay", NOT_EMPLOYER),
    ("does the GI Bill cover it?", NOT_EMPLOYER),
    ("is there a grant?", NOT_EMPLOYER),
    ("my employer doesn't pay", NOT_EMPLOYER),
    ("work won't pay for it", NOT_EMPLOYER),
    ("my company will not reimburse", NOT_EMPLOYER),
    # not a budget
    ("I'm 25", None),
    ("I earn 30k", None),
    ("in 2024", None),
    ("hi", None),
    ("not sure", None),
    ("depends", None),
]


#: Phrasings the parser does not read yet, and why.
KNOWN_GAPS = {
    "PHP 10000": '"php" before a number is as often the language ("php 8") as pesos: only "₱" is read',
}


def _money_ok(text: str, expected: object) -> bool:
    answer = find_money(text)
    if expected is None:
        return answer is None
    if expected == NOT_EMPLOYER:
        return answer is None or answer.kind != "employer"
    assert isinstance(expected, tuple)
    kind, amount, currency = expected
    if answer is None or answer.kind != kind:
        return False
    if amount is not None and answer.amount != Decimal(amount):
        return False
    return currency is None or answer.currency == currency


@pytest.mark.parametrize(("text", "expected"), MONEY, ids=[text for text, _ in MONEY])
def test_money_phrasings(text: str, expected: object) -> None:
    if text in KNOWN_GAPS:
        assert not _money_ok(text, expected), f"{text!r} is read now: take it out of KNOWN_GAPS"
        pytest.xfail(KNOWN_GAPS[text])
    assert _money_ok(text, expected), (text, find_money(text))


FORMATS: list[tuple[str, tuple[str, ...]]] = [
    ("online", ("online",)),
    ("self-paced", ("online",)),
    ("at my own pace", ("online",)),
    ("videos I can watch on the bus", ("online",)),
    ("youtube videos", ("online",)),
    ("e-learning", ("online",)),
    ("through an app on my phone", ("online",)),
    ("distance learning", ("online",)),
    ("Coursera or Udemy", ("online",)),
    ("recorded lectures", ("online",)),
    ("podcasts and audio lessons", ("online",)),
    ("in person", ("live",)),
    ("face to face", ("live",)),
    ("classroom", ("live",)),
    ("evening classes", ("live",)),
    ("night classes at the tech college", ("live",)),
    ("a course at the local college", ("live",)),
    ("a TAFE course", ("live",)),
    ("evening course at uni", ("live",)),
    ("live zoom classes", ("live",)),
    ("webinars", ("live",)),
    ("workshops", ("live",)),
    ("weekend workshops", ("live",)),
    ("classes in person, not online", ("live",)),
    ("bootcamp", ("bootcamp",)),
    ("an intensive bootcamp", ("bootcamp",)),
    ("a coding bootcamp or online", ("online", "bootcamp")),
    ("apprenticeship", ("on_the_job",)),
    ("learning on the job", ("on_the_job",)),
    ("shadowing someone", ("on_the_job",)),
    ("job shadowing", ("on_the_job",)),
    ("hands-on at work", ("on_the_job",)),
    ("with a mentor", ("on_the_job",)),
    ("job rotation", ("on_the_job",)),
    ("a work placement", ("on_the_job",)),
    ("an internship", ("on_the_job",)),
    ("learning by doing at work", ("on_the_job",)),
    ("on the job or online", ("online", "on_the_job")),
    ("a mix of online and live", ("online", "live")),
    ("online and in person", ("online", "live")),
    ("blended", ("online", "live")),
    ("hybrid", ("online", "live")),
    ("any", ("any",)),
    ("whatever works", ("any",)),
    ("no preference", ("any",)),
    ("don't mind", ("any",)),
    ("either is fine", ("any",)),
    ("not online", ("live", "bootcamp", "on_the_job")),  # every other format
    ("I live in Leeds", ()),
    ("I'd like to deliver", ()),
]


@pytest.mark.parametrize(("text", "expected"), FORMATS, ids=[text for text, _ in FORMATS])
def test_format_phrasings(text: str, expected: tuple[str, ...]) -> None:
    assert find_formats(text) == expected


def test_words_near_the_phrasings_that_say_nothing_about_them() -> None:
    """The readings above must not fire on what only looks like them in a longer message."""
    assert find_hours("I sat an exam on monday", allow_bare=False) is None
    assert find_hours("I have 3 kids on mondays", allow_bare=False) is None
    answer = find_hours("I work monday to friday, can do 2 hours on saturday")
    assert answer is not None and (answer.low, answer.high) == (2, 2)
    assert find_hours("I work mon-fri 9-5") is None and mentions_work_schedule("I work mon-fri 9-5")
    assert find_money("I know R 4 and python") is None
    assert find_money("I have a grant application due") is None
    assert find_money("I don't have a grant") is None
    assert find_money("my company pays, can you find courses?") == find_money("my company pays")
    answer_money = find_money("my salary is £25,000 and I can spend £500")
    assert answer_money is not None and (answer_money.amount, answer_money.currency) == (500, "GBP")
    assert find_money("₲50000") is not None and find_money("₲50000").currency == "XXX"  # type: ignore[union-attr]
    assert find_formats("I work in tech") == ()
    assert find_formats("I work hybrid") == ()
    assert find_formats("I want to be an app developer") == ()
