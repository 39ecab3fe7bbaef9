"""Singular display titles for O*NET occupations ("Registered Nurses" -> "Registered Nurse").

O*NET names occupations in the plural. The assistant talks about one person's job, so the
head noun(s) of a title become singular and the qualifiers stay as they are:

- the title is split at commas. The head is the run of segments that end in a plural
  job noun ("Farmers, Ranchers, and Other Agricultural Managers"), with any modifier
  segments before the first one ("Heating, Air Conditioning, and Refrigeration Mechanics
  and Installers"); the first segment after it that ends otherwise is a qualifier and
  ends the head ("..., Metal and Plastic"), as does one starting with "Except", "All
  Other", "Including", "Postsecondary" or "Hand"; an "of" phrase keeps its objects plural
  ("Agents and Business Managers of Artists, Performers, and Athletes");
- in the head, the last word of each "and"/"or"/"--" conjunct (each part of "A/B") is made
  singular, unless it is a plural used as a modifier ("Securities, Commodities, and
  Financial Services Sales Agents").

O*NET's own title stays an alias of the role, so role resolution still finds it.
"""

from __future__ import annotations

import re

#: Plurals that O*NET uses as modifiers before the head noun, never as the person's job.
MODIFIER_PLURALS = frozenset(
    {
        "animals",
        "arts",
        "benefits",
        "commodities",
        "communications",
        "customs",
        "goods",
        "materials",
        "operations",
        "parts",
        "products",
        "sales",
        "sciences",
        "securities",
        "services",
        "sports",
        "studies",
        "surfaces",
        "systems",
        "trades",
    }
)
#: Words that end in "s" and are singular already.
_NOT_PLURAL = re.compile(r"(?i).*(ss|us|is)$")
_QUALIFIER_STARTS = ("except", "all other", "including", "postsecondary", "hand")
_IRREGULAR = {"men": "man", "women": "woman", "people": "person"}
#: Plural-looking words that stay as they are ("Special Forces").
_UNCHANGED = frozenset({"forces", "sales", "series", "species", "news", "athletics", "arms", "gas"})


def singular_word(word: str) -> str:
    """One English plural noun as singular ("Actuaries" -> "Actuary"); others unchanged."""
    lower = word.lower()
    if lower in _UNCHANGED:
        return word
    if lower in _IRREGULAR:
        return _match_case(word, _IRREGULAR[lower])
    if lower.endswith("men") and len(lower) > 4:  # Craftsmen, Firemen
        return word[:-3] + ("man" if word[-3:].islower() else "MAN")
    if not lower.endswith("s") or _NOT_PLURAL.fullmatch(lower) or len(lower) < 3:
        return word
    if lower.endswith("wives"):  # Midwives, Housewives
        return word[:-3] + "fe"
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _match_case(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


def _last_word(segment: str) -> str:
    return segment.rsplit(" ", 1)[-1]


def _ends_in_job_noun(segment: str) -> bool:
    """The segment ends with a plural noun naming people ("... Mechanics"), not a modifier."""
    last = _last_word(segment).rsplit("/", 1)[-1]
    return last.lower() not in MODIFIER_PLURALS and singular_word(last) != last


def _singular_last(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last.lower() in MODIFIER_PLURALS:
        return words
    last = "/".join(singular_word(piece) for piece in last.split("/"))
    return f"{head} {last}" if head else last


def _singular_conjuncts(segment: str) -> str:
    """Make the last word of each "and"/"or" conjunct singular (before an " of " phrase)."""
    head, of, rest = segment.partition(" of ")
    parts = re.split(r"( and | or |--)", head)
    for index in range(0, len(parts), 2):
        if parts[index].strip():
            parts[index] = _singular_last(parts[index])
    return "".join(parts) + of + rest


def _list_goes_on(segments: list[str]) -> bool:
    """A later ", and ..." segment ends in a job noun: the list of jobs is not over
    ("Lifeguards, Ski Patrol, and Other Recreational Protective Service Workers")."""
    for segment in segments:
        lowered = segment.lower()
        if lowered.startswith(_QUALIFIER_STARTS):
            return False
        if lowered.startswith(("and ", "or ")):
            return _ends_in_job_noun(segment)
    return False


def head_segments(segments: list[str]) -> int:
    """How many leading comma segments name the job (the rest qualify it)."""
    head_end = 0
    for index, segment in enumerate(segments):
        lowered = segment.lower()
        if index and lowered.startswith(_QUALIFIER_STARTS):
            break
        if _ends_in_job_noun(segment):
            head_end = index + 1
        elif head_end and not _list_goes_on(segments[index + 1 :]):
            break  # a qualifier after the job noun: ", Metal and Plastic"
        if " of " in segment:
            return index + 1  # the objects of "of" stay plural
    return head_end


def singular_title(title: str) -> str:
    """The singular display title of an O*NET occupation title (see the module docstring)."""
    segments = " ".join(title.split()).split(", ")
    for index in range(head_segments(segments)):
        segments[index] = _singular_conjuncts(segments[index])
    return ", ".join(segments)
