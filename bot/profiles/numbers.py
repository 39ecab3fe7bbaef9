"""Numbers as people type them in answers, with where they stand in the text.

Digits ("1,200", "10 000", "1,00,000", "1.5", ".5", "0,5", "1e3", "2k", "3 grand", "2 hundred",
"1.5 lakh"), words ("two hundred", "a hundred and fifty", "twenty-five", "a couple", "a few",
"half", "an" before "hour"), and ranges of two of them ("2-3", "2 to 3", "2 or 3", "between 100 and 200").

Shared by :mod:`bot.profiles.money` and :mod:`bot.profiles.hours`, which decide what a number
counts (money, hours or neither) from the words around it. Everything here works on
:func:`lowered` text, which has the length of the text the user typed, so every span is an
offset into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

#: Only this much of a text is read: an answer is a sentence or two, not a document.
MAX_SCAN_CHARS = 4000

_UNITS = {
    "zero": 0,
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
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
#: Multipliers after a number ("2 thousand", "three grand", "a hundred").
SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "grand": 1000,
    "million": 1_000_000,
    "mil": 1_000_000,
    # Indian numbering: "1.5 lakh" is 150,000, "2 crore" 20 million.
    "lakh": 100_000,
    "lakhs": 100_000,
    "lac": 100_000,
    "lacs": 100_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
}
#: Scales only said of Indian amounts (the money parser reads them as rupees).
INDIAN_SCALES = frozenset({"lakh", "lakhs", "lac", "lacs", "crore", "crores"})
#: Vague counts: read as this number, flagged as an estimate.
_VAGUE = {"couple": 2, "few": 3, "several": 3}
#: Every word that is (part of) a number here, for patterns elsewhere ("two hundred dollars").
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(SCALES) | {"a couple", "a few", "half an"}
#: Words after which "a"/"an" means one ("an hour", "a day", "a hundred", "a couple").
_ONE_BEFORE = frozenset(
    {
        *SCALES,
        *_VAGUE,
        "dozen",
        "half",
        "hour",
        "hr",
        "evening",
        "night",
        "morning",
        "afternoon",
        "day",
        "weekend",
        "lunch",
        "lunchtime",
    }
)

_DIGITS = re.compile(
    r"(?<![\d.,_])(?:(?<![^\W\d_])|(?<=(?<![a-z])r)|(?<=(?<![a-z])rs)|(?<=(?<![a-z])rm)|(?<=(?<![a-z])ksh))"
    # (a number starts after a non-letter, or glued to a currency: "R500", "Rs5000", "KSh200")
    r"(?P<sign>[-−–])?"  # a minus sign, or "−"/"–" typed for one
    r"(?P<num>\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?!\d|,\d)"  # 1,00,000 (Indian grouping)
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)"  # 1,200 / 1,200.50
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.:]|\s?(?:s|'s|x|th)(?![a-z]))"  # 10 000 (space groups)
    r"|\d+,\d{1,2}(?!\d|,\d)"  # 0,5 (a decimal comma)
    r"|\d+(?:\.\d+)?(?!\d|,\d)"  # 12 / 1.5 ("$1200, 6 hrs": the comma ends the number)
    r"|\.\d+(?!\d|,\d))"  # .5
    r"(?:e(?P<exp>[+-]?\d{1,3})(?!\d))?"  # 1e3
    r"(?:\s?(?P<scale>k(?![a-z])|grand\b|thousand\b|hundred\b|million\b|mil\b|lakhs?\b|lacs?\b|crores?\b))?"
    r"(?P<half>\s+and\s+a\s+half\b)?"
)
_WORD = re.compile(r"[a-z]+")
_RANGE_JOINER = re.compile(r"\s*(?:-|–|—|to|or|till|until)\s*")
#: "between 100 and 200", also with a currency before the first ("between £100 and £200").
_BETWEEN = re.compile(r"(?:between|from)\s+(?:[^\s\d]{1,4}\s?)?$")
_AND = re.compile(r"\s*and\s*")
_AFTER_NUMBER = re.compile(r"-?ish\b|\+|\s+or\s+so\b")


@dataclass(frozen=True)
class Number:
    """A number in the text: its value, span and how it was written."""

    value: Decimal
    start: int
    end: int
    negative: bool = False
    #: A vague count ("a few", "a couple", "several").
    estimate: bool = False
    #: The multiplier said with it ("k", "grand", "thousand"...), if any.
    scale: str = ""


@dataclass(frozen=True)
class Quantity:
    """One number, or a range of two (``low`` < ``high``)."""

    low: Number
    high: Number
    #: Where "between 100 and 200" starts (-1: where ``low`` does).
    opens_at: int = -1

    @property
    def start(self) -> int:
        return self.opens_at if self.opens_at >= 0 else self.low.start

    @property
    def end(self) -> int:
        return self.high.end

    @property
    def is_range(self) -> bool:
        return self.low is not self.high

    @property
    def negative(self) -> bool:
        return self.low.negative or self.high.negative

    @property
    def estimate(self) -> bool:
        return self.low.estimate or self.high.estimate


def lowered(text: str) -> str:
    """``text`` in lower case, character for character (same length, same offsets), the
    text cut at :data:`MAX_SCAN_CHARS`; typographic apostrophes read as "'"."""
    out = []
    for char in text[:MAX_SCAN_CHARS]:
        low = char.lower()
        if char in "’‘`´":
            low = "'"
        out.append(low if len(low) == 1 else char)
    return "".join(out)


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _digit_numbers(text: str) -> list[Number]:
    numbers = []
    for match in _DIGITS.finditer(text):
        raw = match["num"]
        raw = re.sub(r"[ \u00a0\u202f]", "", raw)
        raw = raw.replace(",", "") if re.search(r",\d{3}", raw) else raw.replace(",", ".")
        value = _decimal(raw)
        if value is None:
            continue
        if match["exp"]:
            exponent = int(match["exp"])
            # Past 1e12 every caller refuses the value anyway; do not build huge decimals.
            value = Decimal(10) ** 13 if exponent > 12 else value.scaleb(exponent)
        scale = (match["scale"] or "").strip()
        if scale:
            value *= 1000 if scale == "k" else SCALES[scale]
        if match["half"]:
            value += Decimal("0.5")
        numbers.append(Number(value, match.start(), match.end(), bool(match["sign"]), scale=scale))
    return numbers


def _word_numbers(text: str) -> list[Number]:
    """Numbers written in words: "two hundred", "a hundred and fifty", "a couple of"."""
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    numbers: list[Number] = []
    index = 0
    while index < len(words):
        found = _word_number_at(text, words, index)
        if found is None:
            index += 1
            continue
        numbers.append(found[0])
        index = found[1]
    return numbers


def _glued(text: str, words: list[tuple[str, int, int]], at: int) -> bool:
    """Only spaces or a hyphen between word ``at`` and the one before ("twenty-five")."""
    return text[words[at - 1][2] : words[at][1]].strip(" -") == ""


def _word_number_at(text: str, words: list[tuple[str, int, int]], first: int) -> tuple[Number, int] | None:
    """The number written in words from word ``first``, and the index of the word after it."""
    total = current = Decimal(0)
    state = ""  # the last word read: "one" (a/an), "unit", "tens", "hundred", "scale", "vague", "half"
    estimate = False
    scale_said = ""
    end = words[first][2]
    index = first
    while index < len(words) and (index == first or _glued(text, words, index)):
        word = words[index][0]
        following = [w for w, _, _ in words[index + 1 : index + 3]]
        after = following[0] if following and _glued(text, words, index + 1) else ""
        if word in ("a", "an") and state == "":
            if after not in _ONE_BEFORE:
                break
            current, state = Decimal(1), "one"
        elif word == "and" and state in ("hundred", "scale") and (after in _UNITS or after in _TENS):
            index += 1  # "a hundred and fifty"
            continue
        elif word == "and" and state in ("unit", "tens") and following == ["a", "half"]:
            current += Decimal("0.5")  # "one and a half"
            end = words[index + 2][2]
            index += 3
            state = "half"
            break
        elif word in _UNITS and (
            state in ("", "hundred", "scale") or (state == "tens" and _UNITS[word] < 10)
        ):
            current += _UNITS[word]
            state = "unit"
        elif word in _TENS and state in ("", "hundred", "scale"):
            current += _TENS[word]
            state = "tens"
        elif word == "hundred" and state in ("one", "unit", "tens", "vague"):
            current *= 100
            state = "hundred"
            scale_said = scale_said or word
        elif word in SCALES and word != "hundred" and state in ("one", "unit", "tens", "hundred", "vague"):
            total += current * SCALES[word]
            current = Decimal(0)
            state = "scale"
            scale_said = word
        elif word == "dozen" and state in ("", "one", "unit", "vague"):
            current = (current or Decimal(1)) * 12
            state = "unit"
        elif word in _VAGUE and state in ("", "one"):
            current, estimate, state = Decimal(_VAGUE[word]), True, "vague"
        elif word == "of" and state == "vague":
            index += 1  # "a couple of": the number ends before "of"
            continue
        elif word == "half" and state in ("", "one"):
            if after in ("a", "an") and len(following) > 1 and following[1] in SCALES:
                total += Decimal("0.5") * SCALES[following[1]]  # "half a grand"
                scale_said = following[1]
                end = words[index + 2][2]
                index += 3
                state = "scale"
                break
            current, state = Decimal("0.5"), "half"
            end = words[index][2]
            index += 1
            break
        else:
            break
        end = words[index][2]
        index += 1
    if state == "":
        return None
    if state == "one":  # "an hour", "a day": one; the counted word is the caller's to read
        return Number(Decimal(1), words[first][1], words[first][2]), first + 1
    number = Number(total + current, words[first][1], end, estimate=estimate, scale=scale_said)
    return number, index


def find_numbers(text: str) -> list[Number]:
    """Every number in lowered ``text``, in order; digits win where words overlap them."""
    digits = _digit_numbers(text)
    numbers = list(digits)
    for number in _word_numbers(text):
        if not any(number.start < other.end and other.start < number.end for other in digits):
            numbers.append(number)
    numbers.sort(key=lambda number: number.start)
    return [_with_ish(text, number) for number in numbers]


def _with_ish(text: str, number: Number) -> Number:
    """ "3ish", "3-ish", "10+", "5 or so": the same number, the span takes the suffix in."""
    after = _AFTER_NUMBER.match(text, number.end)
    return replace(number, end=after.end()) if after is not None else number


def find_quantities(text: str, joined_by: re.Pattern[str] | None = None) -> list[Quantity]:
    """The numbers of lowered ``text`` with ranges joined ("2-3", "between 100 and 200").

    ``joined_by`` also matches what may stand between two numbers of a range besides the
    joiner (a unit or a currency: "2h-3h", "$100-$200")."""
    numbers = find_numbers(text)
    quantities: list[Quantity] = []
    index = 0
    while index < len(numbers):
        low = numbers[index]
        if index + 1 < len(numbers):
            high = numbers[index + 1]
            between = text[low.end : high.start]
            if joined_by is not None:
                between = joined_by.sub(" ", between) if between.strip() else between
            opening = _BETWEEN.search(text[max(0, low.start - 12) : low.start])
            is_joined = _RANGE_JOINER.fullmatch(between) is not None or (
                _AND.fullmatch(between) is not None and opening is not None
            )
            if is_joined and not high.negative and low.value < high.value:
                opens_at = max(0, low.start - 12) + opening.start() if opening is not None else -1
                quantities.append(Quantity(low, high, opens_at))
                index += 2
                continue
        quantities.append(Quantity(low, low))
        index += 1
    return quantities
