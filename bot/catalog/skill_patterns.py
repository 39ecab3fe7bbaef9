"""How a catalog skill name and the user's text are put in the same form for matching.

Used by ``bot.catalog.skill_extractor`` on both sides (the patterns and the text), so the
rules below hold for both.

Matching
--------
* **Case-insensitive** (``attr="LOWER"``) for ordinary patterns: "python", "POWER BI"
  and "Power BI" are the same.
* **Case-sensitive** (``attr="ORTH"``, exactly as the catalog writes it) for *ambiguous*
  patterns, which are single tokens that also read as ordinary English: one or two letters
  ("R", "C", "AD", "PR"), a spaCy English stop word ("Go", "IT"), or a word of
  :data:`COMMON_WORD_NAMES` ("Swift", "Slack", "Example", "Title" - O*NET names tools that
  way). "I code in R and Go" finds both; "I want to go home" finds nothing. Capitals say
  nothing at the start of a sentence, so a Title-case ambiguous pattern ("Go") is not
  matched as a sentence's first word ("Go home now"); all-caps ones ("R", "AD") are.
* **Normalisation**, applied the same way to the patterns and to the text: a hyphen
  between two letters reads as a space ("problem-solving" = "problem solving"); emoji,
  control characters and symbols other than "+" become spaces; the tokenizer also splits
  on ``; : ( ) [ ] { } " ! ? *`` inside words ("python;sql", "<b>Excel</b>"). Input is cut
  at ``skill_extractor.MAX_INPUT_CHARS`` characters (at a word boundary).
* **Plurals**: each pattern also matches with its last word in the other simple number
  ("spreadsheets" <-> "spreadsheet", "dashboard" -> "dashboards", "technologies" <->
  "technology"), except single-word brand-like names (a technology written with capitals,
  or any word with inner capitals such as "PowerShell"): "Windows" must not become
  "window". Irregular forms and verb inflections ("managed teams" vs "managing teams")
  match only when the catalog lists them as synonyms: no NLP this module cannot do
  without a model. A real pattern always wins over another skill's generated variant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set

#: Ordinary English words that are also names of tools or languages (in the sample
#: catalog or in O*NET's technology examples). Written this way in the catalog they only
#: match with the catalog's capitalisation. One- and two-letter patterns and spaCy's
#: English stop words ("go", "it", "us", "one" ...) are ambiguous without being listed.
COMMON_WORD_NAMES = frozenset(
    {
        "access",
        "analyze",
        "blink",
        "box",
        "chef",
        "cents",
        "dig",
        "epic",
        "example",
        "fear",
        "forth",
        "harvest",
        "iris",
        "julia",
        "loom",
        "mac",
        "magic",
        "node",
        "notes",
        "puff",
        "puppet",
        "reduce",
        "route",
        "ruby",
        "sand",
        "slack",
        "snow",
        "spark",
        "swift",
        "tanks",
        "teams",
        "title",
        "word",
        "zoom",
    }
)

#: Characters the tokenizer also splits on inside words ("python;sql", "<b>Excel</b>").
EXTRA_INFIXES = (
    r"[;:()\[\]{}\"!?*]",
    r"-{2,}",
    r"(?<=[;:()\[\]{}\"!?*])'",  # alert('SQL')
    r"'(?=[;:()\[\]{}\"!?*])",
)
_HYPHEN_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def clean_text(text: str) -> str:
    """Same length as ``text``: junk characters (emoji, controls, symbols but "+") -> spaces."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n" or category[0] in "LMNP" or char == "+":
            out.append(char)
        else:  # whitespace, emoji and other symbols, control and unassigned characters
            out.append(" ")
    return "".join(out)


def for_matching(cleaned: str) -> str:
    """Same length again: "problem-solving" reads as "problem solving"."""
    return _HYPHEN_BETWEEN_LETTERS.sub(" ", cleaned)


def other_number(word: str) -> str | None:
    """The simple plural of a singular word or the singular of a plural one, or None."""
    if len(word) < 4 or not word.isalpha():
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith(("us", "is")):
        return None
    if word.endswith("s"):
        return word[:-1]
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def is_brand_like(text: str, kind: str) -> bool:
    """A single-word name whose capitals say it is a name, not a common noun."""
    return any(ch.isupper() for ch in text[1:]) or (kind == "technology" and text[:1].isupper())


def is_ambiguous(word: str, stop_words: Set[str]) -> bool:
    """One or two letters, a stop word or a common word: matched only in the catalog's case."""
    lower = word.lower()
    return (len(word) <= 2 and word.isalpha()) or lower in stop_words or lower in COMMON_WORD_NAMES


def is_title_case(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text[1:].islower()
