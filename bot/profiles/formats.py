"""How people want to learn: the formats of an answer, several at once.

:func:`find_formats` gives keys of :data:`bot.vocabulary.FORMAT_CHOICES` in that dict's
order: ``("online", "on_the_job")`` for "on the job or online", ``("online", "live")`` for
"a mix of online and live", ``("any",)`` for no preference ("whatever works", "any",
"either", "no preference"), ``()`` when the text says nothing about formats.

* Words are matched whole: "I'd like to deliver" is not "live", "freelance" nothing. "live"
  is a format unless it is the verb ("I live in Leeds", "where we live"). "live online",
  "zoom classes", "webinars" and "virtual classroom" are live classes, not self-paced online.
* Negation: a format after "not", "no", "never", "don't want", "anything but", "except",
  "without", "rather not", "hate" is excluded. When the answer names only formats it does
  not want ("not bootcamp"), the result is every other format (``online``, ``live``,
  ``on_the_job``), which is what it accepts; with formats it does want as well ("online,
  not bootcamp"), only those.
* "blended" and "hybrid" (not "hybrid working") are online and live at once; "distance
  learning", podcasts and recorded lectures are online; "TAFE", "evening courses" are live.
* A no-preference phrase wins over named formats ("online or in person, whatever works"
  is ``("any",)``): everything is acceptable.

The slot holds several formats as :func:`format_slot_value` writes them ("online+live",
in ``FORMAT_CHOICES`` order); :func:`formats_from_slot` gives the catalog formats such a
value accepts (the union of ``FORMAT_CHOICES`` of each; ``()`` means any format).
"""

from __future__ import annotations

import re

from bot.profiles.numbers import lowered
from bot.vocabulary import FORMAT_CHOICES, NO_LIMIT, format_description

#: Between two formats in the slot value.
SLOT_SEPARATOR = "+"

_B = r"(?<![a-z])"  # a word starts here
_E = r"(?![a-z])"  # a word ends here
#: "classes" as teaching, not a licence class ("CDL class A", "class 2"), a quality ("world class",
#: "first class") or a social class ("working class").
_CLASSES = (
    r"(?<!world )(?<!world-)(?<!first )(?<!middle )(?<!working )(?<!upper )(?<!business )"
    r"class(?:es)?(?!\s+(?:[a-d]|[1-9])(?![a-z0-9]))(?!\s+of\s+(?:19|20)\d\d)"
)
_FORMAT_PATTERNS = {
    # Checked first: live teaching held online is "live", and its words are used up.
    "live": (
        _B + r"(?:live[- ]online|online[- ]live|live[- ]virtual|virtual\s+class(?:room)?s?|"
        r"zoom\s+(?:class(?:es)?|sessions?|lessons?)|"
        r"(?<!recorded )webinars?|"
        r"live\s+(?:class|session|lesson|course|training|teaching|instruction|workshop|stream|"
        r"cohort)s?|"
        r"in[- ]person|face[- ]to[- ]face|f2f|classroom|"
        + _CLASSES
        + r"|workshops?|cohorts?|cohort[- ]based|"
        r"instructor(?:[- ]led)?|teacher[- ]led|tutor(?:[- ]led)?|with\s+(?:a\s+)?(?:teacher|tutor|"
        r"trainer|instructor)|"
        r"seminars?|(?<!recorded )lectures?|(?:with|alongside)\s+other\s+(?:people|students|learners)|"
        r"group\s+(?:sessions?|learning)|"
        r"(?:evening|night|weekend|day)\s+class(?:es)?|(?:evening|night)\s+courses?|night\s+school|college|tafe|"
        r"in\s+a\s+room)" + _E,
    ),
    "bootcamp": (
        _B + r"(?:boot[- ]?camps?|intensives?|crash\s+course|immersive|full[- ]time\s+course)" + _E,
    ),
    "on_the_job": (
        _B + r"(?:on[- ]the[- ]job|on\s+job|job\s+rotation|rotations?|mentors?|mentoring|mentorship|mentored|"
        r"apprentice(?:ship)?s?|shadow(?:ing)?|job\s+shadowing|learning\s+by\s+doing|learn\s+by\s+doing|"
        r"(?:learn|learning|train|training|study|studying)\s+(?:at|on|during)\s+(?:work|the\s+job|"
        r"(?:my\s+|the\s+)?shifts?|(?:the\s+)?(?:shop\s+)?floor)|"
        r"at\s+my\s+(?:work|job|workplace)|in\s+the\s+workplace|work\s+placement|placements?|internships?|"
        r"secondments?|hands[- ]on\s+at\s+work)" + _E,
    ),
    "online": (
        _B + r"(?:online|on[- ]line|self[- ]paced|self\s+study|self[- ]directed|own\s+pace|my\s+pace|"
        r"e[- ]?learning|"
        r"remote(?:ly)?|from\s+home|at\s+home|videos?|video\s+courses?|recorded(?:\s+(?:lectures?|webinars?))?|"
        r"on[- ]demand|distance\s+(?:learning|courses?|education)|podcasts?|"
        r"audio(?:books?|\s+(?:lessons?|courses?))?|"
        r"(?:through|via|using|on|in)\s+(?:an?\s+|the\s+)?apps?|"
        r"async(?:hronous)?|"
        r"internet|web[- ]based|moocs?|udemy|coursera|linkedin\s+learning|youtube|on\s+my\s+(?:laptop|"
        r"phone|computer)|"
        r"in\s+my\s+own\s+time|whenever\s+i\s+(?:want|can|like))" + _E,
    ),
}
_LIVE_VERB = re.compile(r"(?<![a-z])(?P<live>live)(?![a-z])")
_LIVE_IS_VERB_BEFORE = re.compile(r"(?<![a-z])(?:i|we|you|they|who|to|where|i'd|still|currently|both)\s+$")
_LIVE_IS_VERB_AFTER = re.compile(
    r"\s+(?:in|near|at|abroad|with|on|far|close|alone|here|there|nearby|by|outside|around|off|out)(?![a-z])"
)
_NO_PREFERENCE = re.compile(
    _B
    + r"(?:whatever(?:\s+(?:works|is\s+(?:best|easiest|fine|available)|you\s+(?:think|suggest|recommend)))?|"
    r"no\s+preference|don'?t\s+mind|do\s+not\s+mind|don'?t\s+care|doesn'?t\s+matter|does\s+not\s+matter|"
    r"not\s+fussed|any\s+(?:format|way|kind|type|of\s+them)|anything(?!\s+(?:but|except|"
    r"other))(?:\s+(?:works|is\s+fine|goes))?|"
    r"all\s+(?:of\s+them|are\s+fine|good|work)|either(?:\s+(?:way|is\s+fine|works))?|"
    r"open\s+to\s+(?:anything|everything|all)|flexible|any|all|both\s+are\s+fine|no\s+strong\s+preference)"
    + _E
)
_NEGATION_BEFORE = re.compile(
    _B + r"(?:not|no|never|nothing|without|except|but\s+not|anything\s+but|rather\s+not|hate|dislike|"
    r"(?:don'?t|do\s+not|wouldn'?t|would\s+not|can'?t|cannot|won'?t)\s+(?:want|like|do|need|fancy|"
    r"have\s+time\s+for|"
    r"afford|manage)|avoid|no\s+more)"
    r"(?:\s+(?:a|an|the|any|to|do|doing|go|going|to\s+(?:do|go\s+to|attend)|into|in|more|really|want|with|"
    r"interested\s+in|for))*\s+$"
)
_CLAUSE_BREAK = re.compile(
    r"[.;!?,]|(?<!anything)(?<!everything)(?<!all)\sbut\s|\s(?:however|though|and|or|instead)\s"
)


#: Words that name online and live learning at once ("blended", "hybrid").
_ONLINE_AND_LIVE = re.compile(
    _B
    + r"(?<!work )(?<!works )(?<!working )(?:blended|hybrid)"
    + _E
    + r"(?!\s+(?:work|working|worker|role|job|schedule|office|car|vehicle))"
)


def _format_matches(low: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of every format mention, in order of appearance."""
    found: list[tuple[str, int, int]] = []
    used: list[tuple[int, int]] = []
    for match in _ONLINE_AND_LIVE.finditer(low):
        found += [("online", *match.span()), ("live", *match.span())]
        used.append(match.span())
    for key, patterns in _FORMAT_PATTERNS.items():
        for pattern in patterns:
            for match in re.finditer(pattern, low):
                if any(match.start() < end and start < match.end() for start, end in used):
                    continue
                found.append((key, *match.span()))
                used.append(match.span())
    for match in _LIVE_VERB.finditer(low):
        if any(match.start() < end and start < match.end() for start, end in used):
            continue
        if _LIVE_IS_VERB_BEFORE.search(low[max(0, match.start() - 12) : match.start()]):
            continue
        if _LIVE_IS_VERB_AFTER.match(low, match.end()):
            continue
        found.append(("live", *match.span()))
    return sorted(found, key=lambda item: item[1])


def _negation_start(low: str, start: int) -> int | None:
    """Where a negation of the format at ``start`` begins ("not", "I don't want a"), or None:
    it stands earlier in the clause, with nothing but small words up to the format."""
    window_start = max(0, start - 60)
    before = low[window_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    offset = breaks[-1].end() if breaks else 0
    match = _NEGATION_BEFORE.search(before, offset)
    return None if match is None else window_start + match.start()


def _mentions(
    text: str,
) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]], list[tuple[int, int]]]:
    """Formats wanted, formats refused, and no-preference phrases, with their spans."""
    if not isinstance(text, str) or not text.strip():
        return [], [], []
    low = lowered(text).replace("_", " ")  # "on_the_job", the button's value
    wanted, refused = [], []
    for key, start, end in _format_matches(low):
        negation = _negation_start(low, start)
        if negation is None:
            wanted.append((key, start, end))
        else:  # the span takes the negation in: read alone, it says the same
            refused.append((key, negation, end))
    taken = [(start, end) for _, start, end in wanted + refused]
    no_preference = []
    for match in _NO_PREFERENCE.finditer(low):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        word = match.group(0)
        if word in ("any", "all") and not _whole_answer(low, match):
            continue  # "any" and "all" alone say it only as the whole answer ("any level" does not)
        if word.startswith(("either", "both")) and (wanted or refused):
            continue  # "online or live, either is fine": those two
        no_preference.append(match.span())
    return wanted, refused, no_preference


def _whole_answer(low: str, match: re.Match[str]) -> bool:
    rest = (low[: match.start()] + " " + low[match.end() :]).strip(" .!?,;:-")
    return rest in ("", "format", "formats", "is fine", "are fine", "of them", "works", "please", "really")


def find_formats(text: str) -> tuple[str, ...]:
    """The learning formats ``text`` accepts (module docstring)."""
    wanted, refused, no_preference = _mentions(text)
    if no_preference and not refused:
        return (NO_LIMIT,)
    keys = {key for key, _, _ in wanted}
    if not keys and refused:
        keys = set(FORMAT_CHOICES) - {NO_LIMIT} - {key for key, _, _ in refused}
    elif refused:
        keys -= {key for key, _, _ in refused}
    return tuple(key for key in FORMAT_CHOICES if key in keys)


def find_format_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` talks about formats (wanted, refused or no preference), in order."""
    wanted, refused, no_preference = _mentions(text)
    spans = [(start, end) for _, start, end in wanted + refused] + no_preference
    return sorted(spans)


def format_slot_value(formats: tuple[str, ...] | list[str]) -> str | None:
    """``("online", "live")`` -> ``"online+live"``, in ``FORMAT_CHOICES`` order; ``"any"``
    when "any" is among them; None for none."""
    keys = [key for key in FORMAT_CHOICES if key in set(formats)]
    if not keys:
        return None
    if NO_LIMIT in keys:
        return NO_LIMIT
    return SLOT_SEPARATOR.join(keys)


def format_keys_from_slot(value: object) -> tuple[str, ...]:
    """The answers (``FORMAT_CHOICES`` keys) a slot value holds; () for none or junk."""
    if not isinstance(value, str) or not value.strip():
        return ()
    parts = [part.strip().lower() for part in value.split(SLOT_SEPARATOR)]
    if any(part not in FORMAT_CHOICES for part in parts):
        return ()
    return tuple(key for key in FORMAT_CHOICES if key in parts)


def formats_from_slot(value: str | None) -> tuple[str, ...]:
    """The catalog formats the slot value accepts: the union of ``FORMAT_CHOICES`` of each
    answer in it, in ``FORMAT_CHOICES`` order; () (any format) for "any", nothing, or an unknown value."""
    keys = format_keys_from_slot(value)
    if not keys or NO_LIMIT in keys:
        return ()
    accepted: list[str] = []
    for key in keys:
        accepted.extend(fmt for fmt in FORMAT_CHOICES[key] if fmt not in accepted)
    return tuple(accepted)


def describe_formats(value: str | None) -> str:
    """A format slot value in the user's own words: "online+live" -> "online, at my own
    pace or live classes or workshops"; "any format" for any, nothing or an unknown value."""
    keys = format_keys_from_slot(value)
    if not keys or NO_LIMIT in keys:
        return format_description(NO_LIMIT)
    return " or ".join(format_description(key) for key in keys)
