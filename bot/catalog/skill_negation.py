"""When a skill the user names is one they say they do not have.

Rules over spaCy tokens (no parser, no model), used by ``bot.catalog.skill_extractor``.

A match is dropped when a negator ("not", "n't", "dont", "no", "never", "without", "nor",
"neither", "none", "lack", "zero") precedes it in the same clause, within
:data:`NEGATION_WINDOW` words. Scanning back from the match:

1. first over a *list* of skills: other matched skills and the joiners between them
   (``,`` ``and`` ``or`` ``nor`` ``/`` ``&``), so "no Python, SQL or Java" negates all
   three and "I don't know Python or Java" both;
2. then over ordinary words, and the clause ends at sentence punctuation, a comma, a
   line break, a conjunction (and, or, but, though, although, however, whereas, while,
   yet, so) or a subject pronoun (I, we, you, he, she, they). So "I don't know Python but
   I use Tableau daily" keeps Tableau, "I never used Tableau and love Python" keeps
   Python, and "Not much SQL, lots of Excel" keeps Excel.

A negator followed by a hedge before the skill ("not only", "not just", "not an
*expert* in", "not *very* good with", "not *fluent* in") is not a negation: the user
has the skill. Negation written after the skill ("Excel: no") is not detected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: How many ordinary words before a match a negator may stand.
NEGATION_WINDOW = 6

_NEGATORS = frozenset(
    {"not", "no", "never", "without", "nor", "neither", "none", "lack", "lacks", "lacking", "zero"}
)
_HEDGES = frozenset(
    {"only", "just", "expert", "advanced", "fluent", "great", "very", "super", "perfect", "that", "too"}
)
_LIST_JOINERS = frozenset({",", "and", "or", "nor", "/", "&"})
_CLAUSE_WORDS = frozenset(
    {
        "and",
        "or",
        "but",
        "though",
        "although",
        "however",
        "whereas",
        "while",
        "yet",
        "so",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
    }
)
_CLAUSE_CHARS = frozenset(".,;:!?()[]{}|…—–•")
_BULLET_TOKENS = frozenset({"-", "*", "•", '"', "“", "'", "(", "["})
_SENTENCE_END_CHARS = ".!?…"


def starts_sentence(doc: Doc, index: int) -> bool:
    i = index - 1
    while i >= 0 and doc[i].text in _BULLET_TOKENS:
        i -= 1
    if i < 0:
        return True
    previous = doc[i]
    return (previous.is_space and "\n" in previous.text) or previous.text[-1] in _SENTENCE_END_CHARS


def _is_clause_break(token_text: str) -> bool:
    return all(char in _CLAUSE_CHARS for char in token_text)


def _is_negator(doc: Doc, index: int) -> bool:
    token = doc[index]
    return token.norm_ == "not" or token.lower_ in _NEGATORS


def is_negated(doc: Doc, start: int, covered: set[int]) -> bool:
    """Is the match at token ``start`` negated earlier in its clause? (module docstring)."""
    index = start - 1
    in_list = True  # still walking over "Python, SQL or" before the match
    joiner_pending = False
    words = 0
    while index >= 0:
        token = doc[index]
        if index in covered:
            joiner_pending = False
            index -= 1
            continue
        if in_list:
            if token.lower_ in _LIST_JOINERS:
                joiner_pending = True
                index -= 1
                continue
            if joiner_pending:  # "..., and Python": the joiner did not join two skills
                return False
            in_list = False
        if token.is_space:
            if "\n" in token.text:
                return False
            index -= 1
            continue
        if _is_clause_break(token.text) or token.lower_ in _CLAUSE_WORDS:
            return False
        if _is_negator(doc, index):
            return not any(doc[i].lower_ in _HEDGES for i in range(index + 1, start))
        words += 1
        if words >= NEGATION_WINDOW:
            return False
        index -= 1
    return False
