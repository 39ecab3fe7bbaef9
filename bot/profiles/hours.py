"""Study time in what people write: hours per week, the one parser of them.

:func:`find_hours` reads a bare answer ("5", "2-3 hours", "an hour a day") and the time
inside a longer message ("i'm a cashier, can do 3 hrs a week and maybe 200 bucks").

How answers are counted
-----------------------
* Hours with a unit ("5 hours", "1.5h", "2h30", "90 minutes", "an hour and a half") are
  hours per week unless a period says otherwise: "a week" (as is), "a month" (/4),
  "a fortnight" (/2), "a day" / "an evening" / "daily" (see days below).
* A range ("2-3 hours", "2 to 3 hrs", "between 5 and 8 hours") is kept as a range.
* Days: "a day" (a night, an evening, daily) counts every day of the week, as the words say
  and as people reading them do, so "an hour a day" is 7 hours and is confirmed ("I'll plan
  with 7 hours a week"); "weekdays" and "workdays" count 5, and a stated
  number of days wins ("an hour a day, 3 days a week" is 3). Named days count themselves:
  "2 on mon, wed and fri" is 6, "1 hr mon-thu" 4, "every other day" 3.5 days, lunch breaks
  are working days ("30 min each lunch break" is 2.5). Several amounts on their own days are
  summed ("3 hrs on tues and 3 on thurs" is 6); one amount counts the days said nearest it.
  Days said of work ("I work monday to friday") are not study days, and days alone inside a
  longer message (``allow_bare=False``: "I sat an exam on monday") are no answer unless said
  of study ("I can study on sundays").
* The weekend comes once a week: hours said of it are its total ("weekends only, about 4
  hours" is 4), unless said per day ("2 hrs a day at weekends", "2 hours each weekend day"
  are 4).
* Times and sessions multiply a duration: "2 hours, 3 times a week" is 6, "twice a week for
  an hour" is 2.
* Sessions without hours are estimated and always confirmed: an evening, morning, night or
  afternoon is 2-3 hours, a day (also a weekend day: "weekends only") 2-4, a lunch break
  0.5-1, a "time" or session 1-2, a whole weekend 4-8. "a couple of evenings a week" is 4-6 hours:
  "About 4-6 hours a week, is that right?". Vague counts ("a few hours") are confirmed too.
* A number without a unit is hours only when the whole answer is that number with filler
  words ("5", "about 10", "5 a week"), never inside a longer message, and never a number
  the money parser reads as money ("budget of 300 and 4 hours a week" is 4).
* Work schedules are not study time: "i work 3 12s", "12 hour shifts", "I work 40 hours a
  week", "9-5", "4 on 4 off" give no hours (:func:`mentions_work_schedule` tells the form it was said, to
  ask "and how many hours a week could you give to learning?").
* Clock times ("after 6pm", "7:30") are not hours. Results outside 0.5-80 hours a week are
  no answer ("20 hours a day"); a range reaching past them is cut to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.profiles.money import money_spans
from bot.profiles.numbers import Quantity, find_quantities, lowered


def _word_set(text: str) -> frozenset[str]:
    """The words of ``text`` (a long list is easier to read written as text)."""
    return frozenset(text.split())


MIN_HOURS = 0.5
MAX_HOURS = 80.0
#: Days a week that "a day" / "daily" counts (see the module docstring).
DAYS_PER_WEEK = 7.0
#: Estimated hours of one session, by what the person called it.
SESSION_HOURS = {
    "evening": (2.0, 3.0),
    "night": (2.0, 3.0),
    "morning": (2.0, 3.0),
    "afternoon": (2.0, 3.0),
    "day": (2.0, 4.0),
    "lunch": (0.5, 1.0),
    "time": (1.0, 2.0),
    "weekend": (4.0, 8.0),  # a whole weekend: two days of 2-4 hours
}
#: Days of the week by how they are written ("mon", "tues", "thursday"), Monday first.
_DAY_PREFIXES = ("mo", "tu", "we", "th", "fr", "sa", "su")
_FULL_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_SHORT_DAY = r"(?:mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)s?\.?"
_DAY = r"(?:" + _FULL_DAY + "|" + _SHORT_DAY + r")(?![a-z])"
#: Words between two days of a list ("mon, wed and fri", "tues & thurs").
_DAY_LIST_SEPARATOR = r"\s*(?:,|&|\+|/|\band\b|\bor\b|\bn\b)\s*(?:and\s+)?(?:on\s+)?"
_DAY_RANGE = re.compile(
    r"(?<![a-z])(?:(?:on|every|from)\s+)?(?P<first>" + _DAY + r")\s*(?:-|–|to|through|thru|till|until)\s*"
    r"(?P<last>" + _DAY + r")"
)
_DAY_LIST = re.compile(
    r"(?<![a-z])(?:(?:on|every|each)\s+)?" + _DAY + r"(?:" + _DAY_LIST_SEPARATOR + _DAY + r")+"
)
#: One day: a full name ("on tuesday", "sundays"), or a short one where it cannot be a word
#: ("on tues", "2 hrs wed"; not "I sat an exam").
_ONE_DAY = re.compile(
    r"(?<![a-z])(?:(?:on|every|each)\s+)?" + _FULL_DAY + r"(?![a-z])"
    r"|(?<![a-z])(?:on|every|each)\s+" + _SHORT_DAY + r"(?![a-z])"
    r"|(?:(?<=hr )|(?<=hrs )|(?<=hour )|(?<=hours )|(?<=\dh ))" + _SHORT_DAY + r"(?![a-z])"
)
#: A number without a unit before a day is hours on that day ("3 on thurs", "2 on mon, wed").
_ON_A_DAY = re.compile(r"\s+on\s+(?:" + _DAY + r"|weekdays|weeknights|weekends?)")


@dataclass(frozen=True)
class HoursAnswer:
    """Hours per week an answer gives (``low == high`` when exact), and where it says so."""

    low: float
    high: float
    #: A question to confirm an estimate ("About 4-6 hours a week, is that right?"), else None.
    needs_confirmation: str | None
    span: tuple[int, int]


@dataclass(frozen=True)
class _Piece:
    kind: str  # "duration" (hours) | "sessions" (a count of sessions) | "number" (no unit)
    low: float
    high: float
    per: str  # "week" | "day" | "weekday" | "month" | "fortnight" | "year" | "" (none said)
    start: int
    end: int
    estimate: bool = False
    session: str = ""  # for sessions: a key of SESSION_HOURS


_UNIT = re.compile(
    r"\s*(?:(?:an?|of|of\s+an?)\s+)?(?P<unit>hours?|hrs?|hr|h|minutes?|mins?|m)(?![a-z])"
    r"(?P<half>\s+and\s+a\s+half(?![a-z]))?"
    r"(?:(?<=h)(?P<glued>\d{2})(?:m|mins?|minutes?)?(?![\da-z])|\s*(?:and\s+)?(?P<minutes>\d{1,2})\s*(?:m|mins?|minutes?)(?![a-z]))?"
)
_SESSION = re.compile(
    r"\s*(?:(?:of|full|whole|long)\s+)?(?P<session>evenings?|nights?|mornings?|afternoons?|days?|weekdays?|"
    r"weekend\s+days?|lunch\s*(?:breaks?|times?|hours?)?|lunches|sessions?|times|x)(?![a-z])"
)
_PERIOD = re.compile(
    r"\s*(?:(?:a|an|per|each|every|/|in\s+a|on(?:\s+the)?|at(?:\s+the)?|during\s+the|over\s+the)\s*)?"
    r"(?P<period>weekend\s+day|week|wk|w|day|night|evening|morning|afternoon|weekday|month|mo|fortnight|year|yr|"
    r"weekend|session|sitting)s?(?![a-z])"
    r"|\s*(?P<adverb>weekly|daily|nightly|monthly|pw|p/w|a\s+wk)(?![a-z])"
)
#: A number of weeks or months said right after a number: a length of time, not a rate.
_COUNT_OF_PERIODS = re.compile(r"\s*(?:weeks|wks|months|mos|fortnights|years|yrs)(?![a-z])")
_AT_A_TIME = re.compile(
    r"\s*(?:each(?!\s+(?:lunch|evening|night|morning|afternoon|day|weekday|weekend|week|month|"
    + _FULL_DAY
    + r"))|at\s+a\s+time|a\s+session|per\s+session|each\s+time)(?![a-z])"
)
_FREQUENCIES = [
    (
        re.compile(
            r"(?<![a-z])(?P<count>once|twice|thrice)\s+(?:a|per|each|every)\s+(?P<per>week|day)(?![a-z])"
        ),
        "",
    ),
    (re.compile(r"(?<![a-z])(?P<count>once|twice|thrice)(?![a-z])"), ""),
    (re.compile(r"(?<![a-z])(?:every|each)\s+(?:other|second|2nd)\s+day(?![a-z])"), "alternate_days"),
    (
        re.compile(
            r"(?<![a-z])(?:(?:every|each)\s+lunch(?:\s*time|\s+break|\s+hour)?"
            r"|(?:(?:on|during|in|at|over)\s+(?:my\s+|the\s+|our\s+)?)?lunch\s*(?:breaks|times|hours))(?![a-z])"
        ),
        "lunch_breaks",
    ),
    (
        re.compile(
            r"(?<![a-z])(?:every|each)\s+(?P<session>evening|night|morning|afternoon|day|lunch(?:\s*time|\s+break)?)"
            r"(?![a-z])|(?<![a-z])(?P<adverb>daily|nightly)(?![a-z])"
        ),
        "daily",
    ),
    (
        re.compile(
            r"(?<![a-z])(?:(?:on|every|each)\s+)?(?:weekdays|week\s*days|week\s*nights|weeknights|"
            r"weekday\s+(?:evenings|nights|mornings|afternoons|lunch(?:es|times|\s+breaks)))(?![a-z])"
        ),
        "weekdays",
    ),
    (_DAY_RANGE, "day_range"),
    (
        re.compile(r"(?<![a-z])(?:(?:on|at|over|during)\s+(?:the\s+)?)?weekends?(?:\s+only)?(?![a-z])"),
        "weekends",
    ),
    (_DAY_LIST, "day_list"),
    (_ONE_DAY, "one_day"),
]
_COUNT_WORDS = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_CLOCK = re.compile(r"\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)(?![a-z])|:\d")
_WORK_WORDS = re.compile(
    r"(?<![a-z])(?:work|works|working|worked|shifts?|job|employed|on\s+the\s+clock|rota|clock\s+in)(?![a-z])"
)
_STUDY_WORDS = re.compile(
    r"(?<![a-z])(?:study|studying|learn|learning|train|training|course|courses|spare|free|give|dedicate|"
    r"devote|commit|put\s+in|for\s+this|for\s+learning|on\s+learning|could\s+do|can\s+do)(?![a-z])"
)
_SHIFT_PATTERN = re.compile(
    r"(?<![a-z\d])(?:\d{1,2}|one|two|three|four|five|six|seven)\s*(?:x\s*)?"
    r"(?:\d{1,2}'?s|twelves|tens|eights|nines|elevens)(?![a-z])"
    r"|(?<![a-z\d])\d{1,2}\s*-?\s*(?:hour|hr|h)s?\s+(?:shifts?|days|nights|workdays?|work\s*weeks?)(?![a-z])"
    r"|(?<![a-z\d])\d{1,2}\s*-?\s*(?:hour|hr)s?\s+(?:a\s+)?weeks?\s+(?:job|contract)(?![a-z])"
    r"|(?<![a-z\d])(?:9|nine)\s*(?:-|to|till)\s*(?:5|five)(?![\d:a-z])"
    r"|(?<![a-z])(?:full|part)[- ]time(?:\s+(?:job|work|hours))?(?![a-z])"
    r"|(?<![a-z\d])(?:\d{1,2}|one|two|three|four|five|six|seven)\s+on,?\s+(?:\d{1,2}|one|two|three|four|five|six|seven)"
    r"\s+off(?![a-z])"  # "4 on 4 off"
)
_FILLERS = _word_set(
    """
    about around approx approximately roughly maybe perhaps probably like say ish max maximum tops only
    just i can could do give spare study learn manage a an per week weekly hours total in up to at most
    guess think realistically honestly really well um uh er erm hmm ok okay lol please thanks so or
    is it be will would prefer ideally no more than less not much
    """
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def find_hours(text: str, *, allow_bare: bool = True) -> HoursAnswer | None:
    """The hours per week ``text`` gives for learning (module docstring), or None.

    ``allow_bare=False`` skips a bare number ("5"), for a message that is not an answer to
    "how many hours a week?"."""
    if not isinstance(text, str) or not text.strip():
        return None
    low = _mask_not_time(text, lowered(text))
    taken = [*money_spans(text), *(match.span() for match in _SHIFT_PATTERN.finditer(low))]
    pieces = _pieces(low, taken, allow_bare)
    return _combine(pieces)


#: Words that look like time but are not: "HR" (human resources: "an HR assistant"),
#: "one day" (some day: "become a manager one day").
_NOT_TIME = re.compile(
    r"\bhr\b(?=[\s-]+(?:assistant|generalist|manager|business|partner|department|dept|coordinator|specialist|"
    r"director|team|role|job|rep|representative|admin|administrator|officer|analyst|person|people|policy|policies|"
    r"lead|advisor|adviser|consultant|operations|ops|associate|clerk|intern|professional|work|field|career|system))"
    r"|\b(?:one|some)\s+day\b|\bsomeday\b|\bday\s+job\b"
)


def _mask_not_time(text: str, low: str) -> str:
    """``low`` with the words of :data:`_NOT_TIME` and an upper-case "HR" blanked out
    (same length, so spans still point into ``text``)."""
    spans = [match.span() for match in _NOT_TIME.finditer(low)]
    spans += [match.span() for match in re.finditer(r"\bHRs?\b", text) if len(text) == len(low)]
    chars = list(low)
    for start, end in spans:
        chars[start:end] = "_" * (end - start)
    return "".join(chars)


def mentions_work_schedule(text: str) -> bool:
    """Does ``text`` describe working hours ("i work 3 12s", "12 hour shifts", "9-5")?"""
    if not isinstance(text, str):
        return False
    low = lowered(text)
    if _SHIFT_PATTERN.search(low):
        return True
    return any(
        _is_work_time(low, quantity) for quantity in find_quantities(low) if _UNIT.match(low, quantity.end)
    )


# --- reading the pieces -----------------------------------------------------------------------


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


#: Frequencies that are only names of days ("on monday", "tues and thurs", "mon-thu").
_NAMED_DAYS = frozenset({"day_range", "day_list", "one_day"})


def _in_work_clause(low: str, at: int) -> bool:
    """Is ``at`` in a clause about work ("I work monday to friday") rather than study?"""
    before = _clause_before(low, at)
    return bool(_WORK_WORDS.search(before)) and not _STUDY_WORDS.search(before)


def _clause_before(low: str, at: int) -> str:
    """The words of ``at``'s clause before it."""
    clause_start = max(low.rfind(mark, 0, at) for mark in (".", ",", ";", "!", "?", " but ", " and ", " so "))
    return low[clause_start + 1 : at]


def _said_of_study(low: str, at: int) -> bool:
    """Does the clause before ``at`` speak of study ("I can study on sundays")?"""
    return bool(_STUDY_WORDS.search(_clause_before(low, at)))


def _is_work_time(low: str, quantity: Quantity) -> bool:
    """Hours said about work: "I work 40 hours a week", "working 50 hrs", "12 hours at work"."""
    clause_start = max(
        low.rfind(mark, 0, quantity.start) for mark in (".", ",", ";", "!", "?", " but ", " and ", " so ")
    )
    before = low[clause_start + 1 : quantity.start]
    after = low[quantity.end : quantity.end + 30]
    after = re.split(r"[.,;!?]| but | and | so ", after)[0]
    if _STUDY_WORDS.search(before) or _STUDY_WORDS.search(after):
        return False
    return bool(
        _WORK_WORDS.search(before[-40:]) or re.match(r"\s*\S+\s+(?:at\s+work|of\s+work|on\s+shift)", after)
    )


def _pieces(low: str, taken: list[tuple[int, int]], allow_bare: bool) -> list[_Piece]:
    pieces: list[_Piece] = []
    used: list[tuple[int, int]] = list(taken)
    for quantity in find_quantities(low, joined_by=re.compile(r"(?:hours?|hrs?|h)(?![a-z])")):
        if _overlaps(quantity.start, quantity.end, used) or quantity.negative:
            continue
        if _CLOCK.match(low, quantity.end):
            continue
        piece = _piece_at(low, quantity)
        if piece is None:
            continue
        if piece.kind == "duration" and _is_work_time(low, quantity):
            used.append((piece.start, piece.end))
            continue
        pieces.append(piece)
        used.append((piece.start, piece.end))
    for pattern, meaning in _FREQUENCIES:
        for match in pattern.finditer(low):
            if _overlaps(*match.span(), used):
                continue
            used.append(match.span())
            if _in_work_clause(low, match.start()):
                continue  # "I work monday to friday": days of work, not of study
            if meaning in _NAMED_DAYS and not allow_bare and not _said_of_study(low, match.start()):
                continue  # "I sat an exam on monday": days alone in a message are no study time
            pieces.append(_frequency(match, meaning))
    if not pieces:
        full_time = _full_time_study(low)
        if full_time is not None:
            pieces.append(full_time)
    if not pieces and allow_bare:
        bare = _bare_number(low, taken)
        if bare is not None:
            pieces.append(bare)
    return sorted(pieces, key=lambda piece: piece.start)


#: Full-time study is a working week of it (an intensive bootcamp, someone between jobs).
FULL_TIME_HOURS = 40.0
_FULL_TIME = re.compile(r"(?<![a-z])full[- ]?time(?![a-z])")
_FULL_TIME_JOB_AFTER = re.compile(r"\s*(?:job|work|employee|employed|position|role|hours|staff|contract)")


def _full_time_study(low: str) -> _Piece | None:
    """ "full time" said of learning: the whole answer to "how many hours?" ("full time,
    i'm not working right now"), a clause of its own beside other facts ("GI bill, full
    time, bootcamp") or with study words ("I can study full-time"); never of the job ("I
    work full time", "a full-time job")."""
    for match in _FULL_TIME.finditer(low):
        if _FULL_TIME_JOB_AFTER.match(low, match.end()):
            continue
        clause_start = max(low.rfind(mark, 0, match.start()) for mark in ".,;!?(")
        ends = [low.find(mark, match.end()) for mark in ".,;!?)"]
        clause_end = min([end for end in ends if end >= 0] or [len(low)])
        before = low[clause_start + 1 : match.start()]
        after = low[match.end() : clause_end]
        if _WORK_WORDS.search(before) and not _STUDY_WORDS.search(before):
            continue
        alone = not _WORD.findall(before + " " + after.split(" but ")[0]) or all(
            word in _FILLERS for word in _WORD.findall(before)
        )
        if alone or _STUDY_WORDS.search(before):
            return _Piece("duration", FULL_TIME_HOURS, FULL_TIME_HOURS, "week", match.start(), match.end())
    return None


def _piece_at(low: str, quantity: Quantity) -> _Piece | None:
    low_value, high_value = float(quantity.low.value), float(quantity.high.value)
    unit = _UNIT.match(low, quantity.end)
    if unit is None and quantity.is_range:
        # "an hour or two a day": the unit stands after the first number
        inner = _UNIT.match(low, quantity.low.end)
        if inner is not None and inner.end() <= quantity.high.start:
            unit = _UNIT.match(low, quantity.low.end, quantity.high.start)
    if unit is not None:
        factor = 1 / 60 if unit["unit"].startswith("m") else 1.0
        extra = 0.5 if unit["half"] else 0.0
        minutes = unit["glued"] or unit["minutes"]
        if minutes and factor == 1.0:
            extra += int(minutes) / 60
        end = max(unit.end(), quantity.end)
        period, end = _period_at(low, end)
        at_a_time = None if period else _AT_A_TIME.match(low, end)
        if at_a_time is not None:
            end = at_a_time.end()
        return _Piece(
            "duration",
            low_value * factor + extra,
            high_value * factor + extra,
            period,
            quantity.start,
            end,
            quantity.estimate,
        )
    session = _SESSION.match(low, quantity.end)
    if session is not None:
        name = _session_name(session["session"])
        period, end = _period_at(low, session.end())
        return _Piece(
            "sessions", low_value, high_value, period or "week", quantity.start, end, quantity.estimate, name
        )
    if _COUNT_OF_PERIODS.match(low, quantity.end):
        return None  # "for 3 months", "4 weeks": how long, not how much a week
    period, end = _period_at(low, quantity.end)
    if period in ("week", "month", "fortnight"):
        return _Piece("number", low_value, high_value, period, quantity.start, end, quantity.estimate)
    if _ON_A_DAY.match(low, quantity.end) and high_value <= 16:
        return _Piece("duration", low_value, high_value, "", quantity.start, quantity.end, quantity.estimate)
    return None


def _period_at(low: str, at: int) -> tuple[str, int]:
    match = _PERIOD.match(low, at)
    if match is None:
        return "", at
    said = match["period"] or match["adverb"].replace(" ", "")
    period = {
        "wk": "week",
        "w": "week",
        "weekly": "week",
        "pw": "week",
        "p/w": "week",
        "awk": "week",
        "weekend": "week",  # "4 hours at the weekend": the weekend comes once a week
        "weekend day": "weekend_day",  # "2 hours each weekend day": two of them
        "daily": "day",
        "nightly": "day",
        "night": "day",
        "evening": "day",
        "morning": "day",
        "afternoon": "day",
        "mo": "month",
        "monthly": "month",
        "yr": "year",
        "session": "session",
        "sitting": "session",
    }.get(said, said)
    return period, match.end()


def _session_name(word: str) -> str:
    for name in ("evening", "night", "morning", "afternoon", "lunch"):
        if word.startswith(name):
            return name
    if "day" in word:
        return "day"
    return "time"


def _frequency(match: re.Match[str], meaning: str) -> _Piece:
    start, end = match.span()
    groups = match.groupdict()
    if groups.get("count"):
        count = _COUNT_WORDS[groups["count"]]
        per = groups.get("per") or "week"
        return _Piece("sessions", count, count, per, start, end, False, "time")
    if meaning == "alternate_days":
        return _Piece("sessions", 3.5, 3.5, "week", start, end, False, "day")
    if meaning == "lunch_breaks":  # lunch breaks are working days
        return _Piece("sessions", 5, 5, "week", start, end, False, "lunch")
    if meaning == "daily":
        session = _session_name(groups.get("session") or "day")
        return _Piece("sessions", 1, 1, "day", start, end, False, session)
    if meaning == "day_range":
        first = _DAY_PREFIXES.index(groups["first"][:2])
        last = _DAY_PREFIXES.index(groups["last"][:2])
        days = (last - first) % 7 + 1
        return _Piece("sessions", days, days, "week", start, end, False, "day")
    if meaning == "day_list":
        days = len({word[:2] for word in re.findall(_DAY, match.group(0))})
        return _Piece("sessions", days, days, "week", start, end, False, "day")
    if meaning == "weekdays":
        return _Piece("sessions", 5, 5, "week", start, end, False, "day")
    if meaning == "weekends":  # one weekend a week: hours said of it are its total
        return _Piece("sessions", 1, 1, "week", start, end, False, "weekend")
    return _Piece("sessions", 1, 1, "week", start, end, False, "day")


def _bare_number(low: str, taken: list[tuple[int, int]]) -> _Piece | None:
    quantities = find_quantities(low)
    if len(quantities) != 1 or taken:
        return None
    quantity = quantities[0]
    if quantity.negative or _CLOCK.match(low, quantity.end):
        return None
    outside = _WORD.findall(low[: quantity.start] + " " + low[quantity.end :])
    if not all(word in _FILLERS for word in outside):
        return None
    if re.search(r"[#@/\\*^=<>{}\[\]|$£€¥₹%]", low[: quantity.start] + low[quantity.end :]):
        return None
    return _Piece(
        "number",
        float(quantity.low.value),
        float(quantity.high.value),
        "",
        quantity.start,
        quantity.end,
        quantity.estimate,
    )


# --- putting them together --------------------------------------------------------------------


def _combine(pieces: list[_Piece]) -> HoursAnswer | None:
    durations = [piece for piece in pieces if piece.kind in ("duration", "number")]
    sessions = [piece for piece in pieces if piece.kind == "sessions"]
    if (
        len(durations) >= 2
        and len(sessions) == len(durations)
        and all(_per_day(piece) for piece in durations)
    ):
        # "3 hrs on tues and 3 on thurs", "4 on saturday, 2 on sunday": each amount on its days
        parts = [
            _duration_hours(duration, [count]) for duration, count in zip(durations, sessions, strict=True)
        ]
        low = sum(part[0] for part in parts)
        high = sum(part[1] for part in parts)
        estimate = any(part[2] for part in parts)
        span = (min(piece.start for piece in pieces), max(piece.end for piece in pieces))
        return _answer(low, high, estimate, span)
    if durations:
        duration = durations[0]
        nearest = sorted(sessions, key=lambda piece: _distance(piece, duration))
        low, high, estimate, span = _duration_hours(duration, nearest)
        return _answer(low, high, estimate, span)
    if sessions:
        count = sessions[0]
        count_low, count_high = _weekly_count(count)
        hours_low, hours_high = SESSION_HOURS[count.session or "time"]
        return _answer(count_low * hours_low, count_high * hours_high, True, (count.start, count.end))
    return None


def _distance(piece: _Piece, other: _Piece) -> int:
    """Characters between two pieces: an amount counts the days said nearest to it."""
    return max(piece.start - other.end, other.start - piece.end, 0)


def _per_day(piece: _Piece) -> bool:
    """Hours said of a day or a session, which a count of days multiplies."""
    return piece.per in ("day", "weekday", "session", "")


def _duration_hours(duration: _Piece, sessions: list[_Piece]) -> tuple[float, float, bool, tuple[int, int]]:
    """Hours a week of one duration, counted by the first of ``sessions`` when it is said
    per day or per session: (low, high, estimate, span)."""
    estimate = duration.estimate
    low, high = duration.low, duration.high
    span = (duration.start, duration.end)
    if duration.per == "month":
        low, high = low / 4, high / 4
    elif duration.per == "fortnight":
        low, high = low / 2, high / 2
    elif duration.per == "year":
        low, high = low / 52, high / 52
    elif duration.per == "weekend_day":
        low, high = low * 2, high * 2
    elif _per_day(duration):
        count = sessions[0] if sessions else None
        if count is not None:
            span = (min(span[0], count.start), max(span[1], count.end))
            count_low, count_high = _weekly_count(count)
            if count.session == "weekend" and duration.per == "day":
                count_low, count_high = 2 * count_low, 2 * count_high  # "2 hrs a day at weekends"
            low, high = low * count_low, high * count_high
            # "every evening" counts all seven: confirmed, as "a day" is
            estimate = estimate or count.estimate or count_low != count_high or count.per == "day"
        elif duration.per == "weekday":
            low, high = low * 5, high * 5
        elif duration.per in ("day",):
            low, high = low * DAYS_PER_WEEK, high * DAYS_PER_WEEK
            estimate = True
    return low, high, estimate, span


def _weekly_count(piece: _Piece) -> tuple[float, float]:
    if piece.per == "day":
        return piece.low * DAYS_PER_WEEK, piece.high * DAYS_PER_WEEK
    if piece.per == "month":
        return piece.low / 4, piece.high / 4
    if piece.per == "fortnight":
        return piece.low / 2, piece.high / 2
    return piece.low, piece.high


def _answer(low: float, high: float, estimate: bool, span: tuple[int, int]) -> HoursAnswer | None:
    low, high = round(low, 2), round(high, 2)
    if high < MIN_HOURS or low > MAX_HOURS:
        return None
    low, high = max(low, MIN_HOURS), min(high, MAX_HOURS)
    question = f"About {_number(low, high)} hours a week, is that right?" if estimate else None
    return HoursAnswer(low, high, question, span)


def _number(low: float, high: float) -> str:
    def text(value: float) -> str:
        return f"{value:.1f}".rstrip("0").rstrip(".")

    return text(low) if low == high else f"{text(low)}-{text(high)}"
