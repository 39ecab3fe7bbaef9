"""Money in what people write: the one parser of budgets.

:func:`find_money` reads a bare answer ("two hundred bucks", "£500", "zero. im broke lol")
and a budget inside a longer message ("i'm a cashier, can do 3 hrs a week and maybe 200
bucks"). Every reader of money (the budget question, profile changes, course searches,
the CLI) goes through it, so "2k", "3 grand", "$1,200", "1.2k" and "500 eur" mean the
same everywhere.

When a number is money
----------------------
* It carries a currency: a sign or code before it ("$", "£", "€", "usd ", "A$") or a word
  after it ("bucks", "dollars", "euros", "quid", "gbp", "cents"): always money, whatever
  follows ("$100 a month" is 100).
* It says "grand" or "k" ("3 grand", "2k"), or a money word stands just before it
  ("budget of 300", "i can spend about 300", "afford 300") or after it ("300 to spend",
  "300 max budget"): money, unless a unit of time or a count follows ("2k hours",
  "afford 3 evenings", "a team of 6").
* The whole answer is the number with filler words ("maybe 200", "500 max", "1500"): money.
  Inside a longer message a bare number is never money: "3" in "i work 3 12s" is not, nor
  the "4" of "4 hours a week".
* Negative amounts ("-100") and amounts above :data:`MAX_AMOUNT` ("1e9") are not answers.
  A range ("100-200", "between 100 and 200") is its upper end: the most the person said
  they would spend. Amounts are rounded to cents; "0" (or "$0") is free.

Other answers
-------------
* ``"employer"``: someone else pays, so there is no personal limit: the employer ("my
  employer pays", "company covers it", "work will reimburse", "paid by my company") or
  another payer or fund ("the trust/union/school/dept pays", "GI Bill covers it", "the
  council's adult skills fund is paying", "I have a grant / scholarship / voucher"). Not when
  negated ("my employer won't pay", "I don't have a grant"), nor, in an answer to the budget
  question, asked ("will my boss pay?", "can my company pay"). Inside other messages
  (``allow_bare=False``) the phrase is still read, and the fact reader's routing keeps a
  question from setting the budget (the slot is filled only from fact-stating intents).
* ``"free"``: "free" (not "freelance", "free time", "feel free", "I'm free on Mondays"),
  "no money", "can't afford anything", "im broke", "skint", "zero budget", "no budget at all",
  or a whole answer (or a clause of its own: "nothing, I'm unemployed") of "nothing", "none",
  "zero", "nada".
* ``"no_limit"``: "no limit", "unlimited", "money is no object", "money isn't the issue",
  "whatever it costs", "budget open", "any budget", or a whole
  answer of "any", "whatever", "doesn't matter", "no budget" (as the form always read it).

A stated amount wins over the others ("free, or up to $50" is 50; "company pays up to
$2000" is 2000), then employer, then free, then no limit.

Not money: what someone earns ("I earn 30k", "my salary is £25,000") and a year after "in",
"since" ... ("in 2024").

Currencies: ISO codes; :data:`bot.vocabulary.DEFAULT_CURRENCY` when none is said. Signs and
codes of many countries are known ("R500" and "5000 rand" are ZAR, "₹", "rs", "lakh" INR,
"₦" NGN, "₱" PHP, "AED", "KSh"); a currency sign without a known code is
:data:`UNKNOWN_CURRENCY` ("XXX"), never dollars. The
planner compares a budget with course prices without converting, so a budget in a currency
the catalog is not priced in (:func:`catalog_prices_in`) must not be used as if it were one:
the form asks again ("I can only compare prices in USD ...").

The budget slot
---------------
:func:`budget_slot` writes an answer as the budget slot: ``"free"``, ``"any"`` (no limit,
and also when the employer pays), ``"1500"`` (an amount in the default currency) or
``"500 GBP"`` (an amount and the ISO code of another currency), the form the profile store
keeps. :func:`money_from_slot` reads every one of them back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from bot.catalog.currency import configured_rates
from bot.profiles.numbers import INDIAN_SCALES, Quantity, find_quantities, lowered
from bot.vocabulary import DEFAULT_CURRENCY, FREE_BUDGET, NO_LIMIT


def _word_set(text: str) -> frozenset[str]:
    """The words of ``text`` (a long list is easier to read written as text)."""
    return frozenset(text.split())


#: The largest budget taken as an answer; more is a typo or a joke.
MAX_AMOUNT = Decimal(1_000_000)

AMOUNT = "amount"
FREE = "free"
NO_LIMIT_KIND = "no_limit"
EMPLOYER = "employer"
MONEY_KINDS = (AMOUNT, FREE, NO_LIMIT_KIND, EMPLOYER)


@dataclass(frozen=True)
class MoneyAnswer:
    """What an answer says about money, and where it says it."""

    #: "amount" | "free" | "no_limit" | "employer" (the employer pays: no personal limit)
    kind: str
    #: The amount for "amount" (0 < amount <= MAX_AMOUNT), 0 for "free", else None.
    amount: Decimal | None
    #: ISO 4217 code; DEFAULT_CURRENCY when the text names none.
    currency: str
    #: Character offsets of the words that say it, in the text given.
    span: tuple[int, int]


#: Signs and codes written before an amount, longest first.
_PREFIX_CURRENCIES = {
    "us$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "nz$": "NZD",
    "s$": "SGD",
    "hk$": "HKD",
    "r$": "BRL",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₦": "NGN",
    "₱": "PHP",
    "₵": "GHS",
    "gh₵": "GHS",
    "₴": "UAH",
    "₪": "ILS",
    "₫": "VND",
    "฿": "THB",
    "৳": "BDT",
    "₸": "KZT",
    "₾": "GEL",
    "₼": "AZN",
    "ksh": "KES",
    "rm": "MYR",
    "r": "ZAR",
    "rs.": "INR",
    "rs": "INR",
}
#: Words and codes written after an amount.
_SUFFIX_CURRENCIES = {
    "us dollars": "USD",
    "us dollar": "USD",
    "american dollars": "USD",
    "canadian dollars": "CAD",
    "canadian": "CAD",
    "australian dollars": "AUD",
    "aussie dollars": "AUD",
    "new zealand dollars": "NZD",
    "singapore dollars": "SGD",
    "dollars": "USD",
    "dollar": "USD",
    "dollaz": "USD",
    "bucks": "USD",
    "buck": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "pound": "GBP",
    "quid": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "rupees": "INR",
    "rs.": "INR",
    "rs": "INR",
    "rupee": "INR",
    "swiss francs": "CHF",
    "francs": "CHF",
    "rand": "ZAR",
    "naira": "NGN",
    "dirhams": "AED",
    "dirham": "AED",
    "cedis": "GHS",
    "cedi": "GHS",
    "kenyan shillings": "KES",
    "ringgit": "MYR",
    "baht": "THB",
    "philippine pesos": "PHP",
    "ksh": "KES",
    "zloty": "PLN",
    "zlotys": "PLN",
    "zł": "PLN",
    "pesos": "MXN",
    "peso": "MXN",
    "kronor": "SEK",
    "kroner": "NOK",
    "cents": "USD",
    "cent": "USD",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "₦": "NGN",
    "₱": "PHP",
}
#: ISO codes read before or after an amount ("usd 500", "500 eur", "500eur").
_CODES = (
    "usd",
    "eur",
    "gbp",
    "cad",
    "aud",
    "nzd",
    "chf",
    "jpy",
    "inr",
    "sgd",
    "zar",
    "sek",
    "nok",
    "dkk",
    "hkd",
    "mxn",
    "brl",
    "pln",
    "ngn",
    "aed",
    "ghs",
    "kes",
    "myr",
    "thb",
    "pkr",
    "lkr",
    "bdt",
    "egp",
    "sar",
    "qar",
    "ugx",
    "tzs",
    "zmw",
    "idr",
    "vnd",
    "cny",
    "krw",
    "ils",
    "czk",
    "huf",
    "uah",
    "xxx",  # UNKNOWN_CURRENCY, as budget_slot writes it
)


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so "us$" is tried before "$")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_PREFIX = re.compile(
    r"(?P<sign>[-−]\s*)?(?:(?<![a-z])(?P<code>"
    + "|".join(_CODES)
    + r")|(?P<symbol>"
    + _alternatives(k for k in _PREFIX_CURRENCIES if not k[0].isalpha())
    + r")|(?<![a-z])(?P<word>rs\.?|us\$|a\$|au\$|c\$|ca\$|nz\$|s\$|hk\$|r\$|gh₵|ksh|rm|r))\s*$"
)
_SUFFIX = re.compile(
    r"\s*(?:(?P<word>"
    + _alternatives(_SUFFIX_CURRENCIES)
    + r")|(?P<code>"
    + "|".join(_CODES)
    + r"))(?![a-z])"
)
_RANGE_CURRENCY = re.compile(
    r"(?:"
    + _alternatives(k for k in _PREFIX_CURRENCIES if not k[0].isalpha())
    + "|"
    + "|".join(_CODES)
    + r"|(?<![a-z])(?:rs\.?|r)(?=\s*$))"
)
#: A unit of time, a count or a clock time after a number: not money without a currency.
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:(?:a|an|per|each|every|of|of\s+an?)\s+)?"
    r"(?:h|hrs?|hours?|mins?|minutes?|secs?|seconds?|days?|weeks?|wks?|months?|mos?|years?|yrs?|"
    r"evenings?|nights?|mornings?|afternoons?|weekends?|lunch(?:es|times?)?|times|x|shifts?|sessions?|"
    r"classes|lessons|courses|modules|people|persons|staff|employees|kids|children|students|members|"
    r"hires|reports|stores|shops|sites|branches|languages|skills|percent|pm|am|o'?clock|s|th|st|nd|rd|"
    r"'s|twelves|tens|fives|eights|nines|elevens)(?![a-z])"
    r"|\s*(?:%|:\d|/\d)"
)
_CUE_BEFORE = re.compile(
    r"(?<![a-z])(?:budget(?:ed)?|spend(?:ing)?|afford|pay(?:s|ing)?|paid|invest(?:ing)?|price|cost|fees?|tuition|"
    r"put\s+(?:in|aside|towards?)|set\s+aside|saved(?:\s+up)?|savings)"
    r"(?:[\s:=~-]*(?:is|of|was|be|would|will|could|can|around|about|roughly|maybe|to|like|say|approx|"
    r"approximately|only|just|for|on|total|probably|somewhere|near|nearly|almost|max|maximum|up|at|most|"
    r"me|it|that|i|around|no|more|than|under|less|tops|is\s+like|of\s+like)(?![a-z]))*[\s:=~-]*$"
)
#: Limits that make a number money when it is too big to be hours a week ("1,000 max", "up to 800").
_LIMIT_BEFORE = re.compile(
    r"(?<![a-z])(?:up\s+to|under|max(?:imum)?|at\s+most|no\s+more\s+than|less\s+than)\s*$"
)
_LIMIT_AFTER = re.compile(r"\s*(?:max(?:imum)?|tops|at\s+most|or\s+less|or\s+under)(?![a-z])")
#: A number standing alone in its clause of a longer message ("12 hours a week, 800").
_ALONE_BEFORE = re.compile(r"(?:^|[,;.!?]|\band)\s*(?:(?:about|around|maybe|roughly|like|and|say)\s+)?$")
_ALONE_AFTER = re.compile(r"\s*(?:[,;.!?]|$)")
#: Pay and income before an amount: not a budget ("I earn 30k", "my salary is £25,000").
_INCOME_BEFORE = re.compile(
    r"(?<![a-z])(?:earn(?:s|ing|ed)?|salary|income|wages?|make|making|paid\s+(?:about|around)?|"
    r"on)(?:\s+(?:is|of|about|around|roughly|like|only|just|maybe|approx|a|an))*\s*$"
)
#: A year after these is a date, not an amount ("in 2024", "since 2019").
_YEAR_BEFORE = re.compile(r"(?<![a-z])(?:in|since|by|from|until|till|before|after|of|back\s+in)\s*$")
#: Amounts this large are never hours a week; years (1990-2039) are not money.
HOURS_CEILING = Decimal(80)


def _looks_like_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and Decimal(1990) <= value <= Decimal(2039)


_CUE_AFTER = re.compile(
    r"\s*(?:(?:max(?:imum)?|total|tops|in\s+total|overall|is\s+my|as\s+a)\s+)?"
    r"(?:budget|to\s+spend|to\s+invest|(?:spending|training)\s+money|for\s+(?:training|courses?|learning))(?![a-z])"
)
#: Words that may stand around a bare number in a whole answer ("maybe 200", "500 max").
_FILLERS = _word_set(
    """
    about around approx approximately roughly maybe perhaps probably like say ish max maximum tops
    up to upto at most under below less than no more only just total overall in all budget my is of
    i i'd id i'll ill can could would will guess think spend pay afford invest put ok okay um uh
    er erm hmm lol haha please thanks thank you the a an it that be somewhere near nearly almost much
    as so or and per for well yes yeah yep sure right now currently really honestly tbh sorry guess
    prefer rather ideally realistically spending money is was
    """
)
_FREE_ONLY_WORDS = frozenset(
    {"nothing", "none", "zero", "nada", "nil", "zilch", "nought", "naught", "broke", "skint"}
)
_NO_LIMIT_ANSWERS = frozenset(
    {
        "any",
        "anything",
        "whatever",
        "no preference",
        "doesn't matter",
        "does not matter",
        "doesnt matter",
        "dont care",
        "don't care",
        "don't mind",
        "dont mind",
        "all",
        "either",
        "no budget",
        "any budget",
        "any amount",
        "no limit",
        "unlimited",
    }
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")

_FREE = re.compile(
    r"(?<![\w-])free(?![\w-])"
    r"(?!\s+(?:time|evenings?|days?|weekends?|hours?|afternoons?|mornings?|nights?|periods?|slots?|"
    r"moments?|spirit|will|on|at|from|after|most|some|any|in\s+the|to\s+(?:study|learn|chat|talk|ask|work|join|do))"
    r"(?![a-z]))"
    r"|(?<![a-z])no\s+(?:money|cash|funds|savings|spare\s+(?:cash|money))(?![a-z])"
    r"|(?<![a-z])not\s+a\s+(?:penny|cent|dime|pound|euro|dollar|thing)(?![a-z])"
    r"|(?<![a-z])(?:don'?t|do\s+not|can'?t|cannot|can\s+not)\s+(?:have|afford|pay|spend)\s+"
    r"(?:any(?:thing)?(?=\s*(?:$|[.,;!)]|money|cash|budget|funds|savings|spare|to\s+spend|for\s+(?:it|courses|training|this)|at\s+all|lol|tbh|right\s+now|rn))"
    r"|a\s+(?:thing|penny|cent|dime)|money|cash|to\s+pay|for\s+(?:it|courses|training)|it|courses|paid)(?![a-z])"
    r"|(?<![a-z])can'?t\s+afford(?:\s+it)?\s*$"
    r"|(?<![a-z])(?:have|got|with|has)\s+(?:no|zero)\s+(?:money|budget|cash|funds)(?![a-z])"
    r"|(?<![a-z])zero\s+(?:budget|money|cash|funds)(?![a-z])"
    r"|(?<![a-z])(?:budget|spend|pay|afford)\s+(?:is\s+|of\s+|would\s+be\s+|will\s+be\s+)?(?:zero|nothing|none|nil|nada)(?![a-z])"
    r"|(?<![a-z])nothing\s+to\s+spend(?![a-z])"
    r"|(?<![a-z])no\s+(?:budget|money|funds)\s+(?:at\s+all|whatsoever|to\s+speak\s+of)(?![a-z])"
    r"|(?<![a-z])(?:i'?m|i\s+am|am|so|pretty|totally|flat|dead|really|very|kinda|too|currently|bit|student\s+and)\s+(?:broke|skint)(?![a-z])"
)
_FREE_EXCLUDED_BEFORE = re.compile(
    r"(?<![a-z])(?:feel|i'?m|im|i\s+am|we'?re|we\s+are|you'?re|are\s+you|break)\s+$"
)
_NO_LIMIT = re.compile(
    r"(?<![a-z])no\s+(?:budget\s+|price\s+|spending\s+|money\s+|real\s+)?(?:limit|max(?:imum)?|cap|ceiling)(?![a-z])"
    r"|(?<![a-z])(?:unlimited|limitless)(?![a-z])"
    r"|(?<![a-z])money(?:'s|\s+is)?\s+no\s+(?:object|issue|problem)(?![a-z])"
    r"|(?<![a-z])(?:cost|price|money|budget)s?(?:'s|\s+is|\s+are)?\s+(?:not|no|isn'?t|aren'?t)\s+(?:an?\s+|the\s+|my\s+)?"
    r"(?:issue|problem|object|concern|worry)(?![a-z])"
    r"|(?<![a-z])(?:open|unlimited)\s+budget(?![a-z])|(?<![a-z])budget(?:'s|\s+is)?\s+(?:wide\s+)?open(?![a-z])"
    r"|(?<![a-z])(?:cost|price|money|budget)s?\s+(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+matter(?![a-z])"
    r"|(?<![a-z])(?:whatever|however\s+much)\s+it\s+(?:costs|takes)(?![a-z])"
    r"|(?<![a-z])any\s+(?:budget|price|amount|cost)(?![a-z])"
    r"|(?<![a-z])sky'?s\s+the\s+limit(?![a-z])"
    r"|(?<![a-z])as\s+much\s+as\s+(?:it\s+takes|needed|necessary|i\s+need)(?![a-z])"
    r"|(?<![a-z])(?:don'?t|do\s+not)\s+care\s+(?:about|what)\s+(?:the\s+|it\s+)?(?:cost|price|costs)(?![a-z])"
)
_PAYER = (
    r"(?:employers?|company|companies|work|job|boss|manager|firm|organi[sz]ation|org|department|dept|"
    r"workplace|hr|l&d|business|agency|union|hospital|school|council|office|store|shop|team|"
    r"trust|practice|clinic|bank|gi\s+bill|army|military|navy|air\s+force|va|government|govt|state|"
    r"ministry|fund|scholarship|grant|bursary|voucher|sponsor|church|charity|university|uni|college)"
)
_PAYS = (
    r"(?:pays?|paid|paying|covers?|covered|covering|funds?|funded|funding|sponsors?|sponsored|sponsoring|"
    r"reimburses?|reimbursed|reimbursing|foots?\s+the\s+bill|picks?\s+up\s+the\s+(?:tab|bill|cost)|"
    r"handles?\s+the\s+(?:cost|bill)|takes?\s+care\s+of\s+(?:it|the\s+cost)|"
    r"(?:has|have|gives?|offers?|provides?|allocates?)\s+(?:me\s+|us\s+)?(?:an?\s+)?(?:annual\s+|yearly\s+)?"
    r"(?:training|learning|education|development|tuition|l&d|course|study)\s+"
    r"(?:budget|allowance|stipend|funds?|money|reimbursement|assistance))"
)
_EMPLOYER_ACTIVE = re.compile(
    r"(?<![a-z])(?P<payer>" + _PAYER + r")(?:'s)?(?P<between>(?:\s+[\w']+){0,4}?)\s+" + _PAYS + r"(?![a-z])"
)
_EMPLOYER_OTHER = re.compile(
    r"(?<![a-z])(?:paid(?:\s+for)?|covered|funded|sponsored|reimbursed|financed|paying)\s+(?:for\s+)?by\s+"
    r"(?:my\s+|the\s+|our\s+)?" + _PAYER + r"(?![a-z])"
    r"|(?<![a-z])(?:employer|company|work|job|firm)[- ](?:paid|funded|sponsored|sponsorship)(?![a-z])"
    r"|(?<![a-z])on\s+(?:the\s+|my\s+)?(?:company|work|firm|employer)(?:'s)?\s+(?:dime|tab|card|account|budget)(?![a-z])"
    r"|(?<![a-z])(?:i\s+can\s+|i'?ll\s+|will\s+|can\s+)?expense\s+it(?![a-z])"
    r"|(?<![a-z])(?:training|learning|l&d|development|education)\s+(?:budget|allowance|stipend)\s+(?:from|at)\s+work(?![a-z])"
    r"|(?<![a-z])tuition\s+(?:assistance|reimbursement)(?![a-z])"
)
#: A grant, scholarship, voucher or fund that pays ("I have a grant", "GI Bill covers it").
_FUNDED = re.compile(
    r"(?<![a-z])(?:have|got|has|using|use|on|with|through|via|won|received?|awarded)\s+"
    r"(?:a\s+|an\s+|the\s+|my\s+)?(?:[a-z'&]+\s+){0,2}?(?:grant|scholarship|bursary|voucher|stipend|sponsorship|"
    r"funding|gi\s+bill|learning\s+account|skills\s+fund)(?![a-z])"
    r"(?!\s+(?:applications?|proposals?|writ(?:ing|er)|deadlines?|interviews?|officer|manager|role|job))"
    r"|(?<![a-z])gi\s+bill(?![a-z])"
)
#: A clause that asks rather than tells ("will my boss pay?", "can my company pay"): the
#: employer paying is not a fact then, whatever words it uses.
_QUESTION_START = re.compile(
    r"(?:will|would|can|could|does|do|did|is|are|should|might|may|if|whether|how|what|who|when)(?![a-z])"
)
_NEGATORS = frozenset(
    {"not", "never", "no", "won't", "wont", "doesn't", "doesnt", "don't", "dont", "can't", "cant", "cannot",
     "wouldn't", "wouldnt", "isn't", "isnt", "didn't", "didnt", "refuses", "refused", "longer", "stopped"}
)  # fmt: skip
_VERB_BEFORE_WORK = re.compile(r"(?<![a-z])(?:i|we|you|they|i'd|to|and|can|will|also|still)\s+$")


def find_money(text: str, *, allow_bare: bool = True) -> MoneyAnswer | None:
    """What ``text`` says about money (module docstring), or None.

    ``allow_bare=False`` skips the whole-answer readings (a bare number, "nothing", "any"):
    for a message that is not an answer to "what is your budget?" ("make it 5")."""
    if not isinstance(text, str) or not text.strip():
        return None
    low = lowered(text)
    amounts = [answer for answer in _cued_amounts(low) if answer is not None]
    if amounts:
        if amounts[0].kind == FREE or amounts[0].amount == 0:
            # "$0 personally, my employer has a learning budget": nothing of their own
            employer = _employer(low, allow_bare)
            if employer is not None:
                return employer
        return amounts[0]
    if allow_bare:
        bare = _bare_answer(low)
        if bare is not None:
            # "nothing, my employer pays": nothing of their own
            return (_employer(low, allow_bare) or bare) if bare.kind == FREE else bare
    found = _employer(low, allow_bare) or _free(low) or _no_limit(low)
    return found


def catalog_prices_in(currency: str) -> bool:
    """Can a budget in ``currency`` be compared with the catalog's prices?

    The planner compares prices in the budget's currency, converting other currencies with
    the configured rate table (``bot.catalog.currency``), so any currency in that table can;
    for others the form asks again, never reading the amount as dollars."""
    return isinstance(currency, str) and configured_rates().knows(currency)


def comparable_currencies() -> str:
    """``"USD, EUR or GBP"``: the currencies a budget can be given in (the rate table's)."""
    codes = sorted(configured_rates().rates, key=lambda code: (code != DEFAULT_CURRENCY, code))
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} or {codes[-1]}"


# --- amounts --------------------------------------------------------------------------------


MONEY, REFUSED, OTHER = "money", "refused", "other"


def _money_quantities(low: str) -> list[tuple[Quantity, str | None, int, int, str]]:
    """Each quantity, its currency (None: none said), span, and whether it is money: "money",
    "refused" (said as money but negative) or "other" (a count, hours, a bare number)."""
    result = []
    for quantity in find_quantities(low, joined_by=_RANGE_CURRENCY):
        currency, start, end = _currency_around(low, quantity)
        strong = currency is not None
        weak = (
            quantity.high.scale in ("k", "grand", *INDIAN_SCALES)
            or _CUE_BEFORE.search(low[max(0, start - 60) : start]) is not None
            or _CUE_AFTER.match(low, end) is not None
        )
        too_big_for_hours = quantity.high.value > HOURS_CEILING and not _looks_like_year(quantity.high.value)
        weak = weak or (
            too_big_for_hours
            and (
                _LIMIT_BEFORE.search(low[max(0, start - 20) : start]) is not None
                or _LIMIT_AFTER.match(low, end) is not None
                or (
                    _ALONE_BEFORE.search(low[max(0, start - 12) : start]) is not None
                    and _ALONE_AFTER.match(low, end) is not None
                )
            )
        )
        is_money = strong or (weak and _NOT_MONEY_AFTER.match(low, end) is None)
        if _INCOME_BEFORE.search(low[max(0, start - 30) : start]):
            is_money = False  # "I earn 30k": what they earn, not what they would spend
        elif currency is None and _looks_like_year(quantity.high.value) and _YEAR_BEFORE.search(low[:start]):
            is_money = False  # "in 2024"
        negative = quantity.negative or low[start] in "-−"
        status = OTHER if not is_money else REFUSED if negative else MONEY
        result.append((quantity, currency, start, end, status))
    return result


#: The smallest amount read as rand after a bare "R" ("R500", "R 2000").
_SMALLEST_RAND = Decimal(20)


def _currency_around(low: str, quantity: Quantity) -> tuple[str | None, int, int]:
    start, end = quantity.start, quantity.end
    before = _PREFIX.search(low[max(0, start - 8) : start])
    if before is not None and before["word"] == "r" and quantity.high.value < _SMALLEST_RAND:
        before = None  # "R 4" is more likely the R language than four rand
    if before is not None:
        said = before["code"] or before["symbol"] or before["word"]
        currency = said.upper() if before["code"] else _PREFIX_CURRENCIES[said]
        offset = max(0, start - 8)
        return currency, offset + before.start(), end
    if quantity.is_range:
        inner = _PREFIX.search(low[max(quantity.low.end, quantity.high.start - 8) : quantity.high.start])
        if inner is not None:
            said = inner["code"] or inner["symbol"] or inner["word"]
            return (said.upper() if inner["code"] else _PREFIX_CURRENCIES[said]), start, end
    after = _SUFFIX.match(low, end)
    if after is not None:
        currency = after["code"].upper() if after["code"] else _SUFFIX_CURRENCIES[after["word"]]
        return currency, start, after.end()
    if quantity.is_range:
        inner_after = _SUFFIX.match(low, quantity.low.end)
        if inner_after is not None and inner_after.end() <= quantity.high.start:
            said = inner_after["code"] or inner_after["word"]
            return (said.upper() if inner_after["code"] else _SUFFIX_CURRENCIES[said]), start, end
    if quantity.high.scale in INDIAN_SCALES:
        return "INR", start, end  # "1.5 lakh": rupees
    sign = _unknown_sign(low, start, end)
    if sign is not None:
        return sign
    return None, start, end


#: ISO 4217 "no currency": a currency sign this module has no code for.
UNKNOWN_CURRENCY = "XXX"


def _unknown_sign(low: str, start: int, end: int) -> tuple[str, int, int] | None:
    """A currency sign this module has no code for, just before or after the amount
    ("₲50000"): :data:`UNKNOWN_CURRENCY`, which the catalog cannot price, so the form asks
    again rather than reading the amount as dollars."""
    if start > 0 and _is_sign(low[start - 1]):
        return UNKNOWN_CURRENCY, start - 1, end
    if end < len(low) and _is_sign(low[end]):
        return UNKNOWN_CURRENCY, start, end + 1
    return None


def _is_sign(char: str) -> bool:
    return unicodedata.category(char) == "Sc" and char not in "¢"  # cents are the dollar's


def _cued_amounts(low: str) -> list[MoneyAnswer | None]:
    """Amounts said as money, in order; None for one that is no answer (negative, too big)."""
    answers: list[MoneyAnswer | None] = []
    for quantity, currency, start, end, status in _money_quantities(low):
        if status == MONEY:
            answers.append(_amount_answer(low, quantity.high.value, currency, start, end))
        elif status == REFUSED:
            answers.append(None)
    return answers


def _amount_answer(
    low: str, value: Decimal, currency: str | None, start: int, end: int
) -> MoneyAnswer | None:
    if re.search(r"cents?$", low[start:end]):
        value = value / 100
    if value < 0 or value > MAX_AMOUNT:
        return None
    amount = _plain(value)
    said = currency or DEFAULT_CURRENCY
    if amount == 0:
        return MoneyAnswer(FREE, Decimal(0), said, (start, end))
    return MoneyAnswer(AMOUNT, amount, said, (start, end))


def _plain(value: Decimal) -> Decimal:
    """Rounded to cents, written without trailing zeros: 1200, 99.5, 99.99."""
    cents = value.quantize(Decimal("0.01"))
    return cents.quantize(Decimal(1)) if cents == cents.to_integral_value() else cents.normalize()


def money_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are money amounts (what the hours parser must not read)."""
    if not isinstance(text, str):
        return []
    low = lowered(text)
    return [(start, end) for _, _, start, end, status in _money_quantities(low) if status != OTHER]


# --- whole answers ----------------------------------------------------------------------------


def _bare_answer(low: str) -> MoneyAnswer | None:
    """The whole text is one amount, "nothing" or "any", with filler words around it."""
    words = list(_WORD.finditer(low))
    if words and " ".join(word.group(0) for word in words) in _NO_LIMIT_ANSWERS:
        return MoneyAnswer(NO_LIMIT_KIND, None, DEFAULT_CURRENCY, (words[0].start(), words[-1].end()))
    quantities = _money_quantities(low)
    if len(quantities) == 1:
        quantity, currency, start, end, status = quantities[0]
        outside = [word.group(0) for word in words if word.end() <= start or word.start() >= end]
        if currency is None and _looks_like_year(quantity.high.value) and _YEAR_BEFORE.search(low[:start]):
            return None  # "in 2024": a date
        if status != REFUSED and not quantity.negative and all(word in _FILLERS for word in outside):
            if re.search(r"[#@/\\*^=<>{}\[\]|]", low[:start] + low[end:]):
                return None  # "#5", "5/10": not an amount
            return _amount_answer(low, quantity.high.value, currency, start, end)
        return None
    if quantities:
        return None
    for word in words:
        others = [other.group(0) for other in words if other is not word]
        if word.group(0) in _FREE_ONLY_WORDS and all(other in _FILLERS for other in others):
            return MoneyAnswer(FREE, Decimal(0), DEFAULT_CURRENCY, word.span())
    # "zero. im a student", "nothing, i'm unemployed": a clause of its own that says nothing
    for sentence in re.finditer(r"[^.;!?,\n]+", low):
        in_sentence = [word for word in words if sentence.start() <= word.start() < sentence.end()]
        if len(in_sentence) == 1 and in_sentence[0].group(0) in _FREE_ONLY_WORDS - {"broke"}:
            return MoneyAnswer(FREE, Decimal(0), DEFAULT_CURRENCY, in_sentence[0].span())
    return None


# --- employer, free, no limit -----------------------------------------------------------------


def _asked(low: str, start: int, end: int) -> bool:
    """Is ``low[start:end]`` inside a question ("will my boss pay?", "can my company pay")?"""
    clause_start = max(low.rfind(mark, 0, start) for mark in ".,;!?\n(")
    ends = [at for at in (low.find(mark, end) for mark in ".,;!?\n)") if at >= 0]
    clause_end = min(ends or [len(low)])
    if clause_end < len(low) and low[clause_end] == "?":
        return True
    return _QUESTION_START.match(low[clause_start + 1 : start].lstrip()) is not None


def _employer(low: str, answer: bool = True) -> MoneyAnswer | None:
    """Someone else pays. In an ``answer`` to the budget question, a question ("will my boss
    pay?") is not that; inside other messages the fact reader keeps the phrase and leaves
    questions to its routing (:func:`bot.profiles.facts.states_only_facts`)."""
    for match in _EMPLOYER_ACTIVE.finditer(low):
        if answer and _asked(low, *match.span()):
            continue
        between = match["between"].split()
        if any(word in _NEGATORS or word.endswith("n't") for word in between):
            continue
        if match["payer"] == "work" and _VERB_BEFORE_WORK.search(low[: match.start()]):
            continue  # "i work and pay for it myself": work is the verb
        return MoneyAnswer(EMPLOYER, None, DEFAULT_CURRENCY, match.span())
    others = [(match, answer) for match in _EMPLOYER_OTHER.finditer(low)]
    others += [(match, True) for match in _FUNDED.finditer(low)]  # "can I get a grant?" asks
    for match, questions_count in others:
        if questions_count and _asked(low, *match.span()):
            continue
        before = low[max(0, match.start() - 16) : match.start()].split()[-2:]
        if any(word in _NEGATORS or word.endswith("n't") for word in before):
            continue
        if any(word in _NEGATORS or word.endswith("n't") for word in match.group(0).split()):
            continue  # "i don't have a grant"
        return MoneyAnswer(EMPLOYER, None, DEFAULT_CURRENCY, match.span())
    return None


def _free(low: str) -> MoneyAnswer | None:
    for match in _FREE.finditer(low):
        if match.group(0) == "free" and _FREE_EXCLUDED_BEFORE.search(
            low[max(0, match.start() - 12) : match.start()]
        ):
            continue
        return MoneyAnswer(FREE, Decimal(0), DEFAULT_CURRENCY, match.span())
    return None


def _no_limit(low: str) -> MoneyAnswer | None:
    match = _NO_LIMIT.search(low)
    return None if match is None else MoneyAnswer(NO_LIMIT_KIND, None, DEFAULT_CURRENCY, match.span())


# --- the budget slot ----------------------------------------------------------------------------


def budget_slot(answer: MoneyAnswer) -> str:
    """The budget slot for an answer: "free", "any", "1500" or "500 GBP" (module docstring)."""
    if answer.kind == FREE or (answer.kind == AMOUNT and not answer.amount):
        return FREE_BUDGET
    if answer.kind != AMOUNT or answer.amount is None:
        return NO_LIMIT
    number = f"{answer.amount:f}"
    return number if answer.currency == DEFAULT_CURRENCY else f"{number} {answer.currency}"


def money_from_slot(value: object) -> MoneyAnswer | None:
    """The budget slot (or any budget text, or a number from a payload) read back."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        value = str(value)
    if not isinstance(value, str):
        return None
    return find_money(value)
