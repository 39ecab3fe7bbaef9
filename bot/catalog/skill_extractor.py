"""Find the catalog's skills in a free-text answer ("I know Excel, some SQL and ...").

spaCy without a trained model: a blank English tokenizer and two ``PhraseMatcher``\\ s
built from every skill name and synonym in the catalog. No part-of-speech tagger, no
lemmatizer, no vectors, so every rule below is a plain, documented rule over tokens.

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
* **Longest match wins** when matches overlap ("Microsoft Excel" over "Excel", "project
  management methodologies" over "project management"); a result lists each skill once,
  in order of first (non-negated) mention, with the text as the user typed it.
* **Normalisation**, applied the same way to the patterns and to the text: a hyphen
  between two letters reads as a space ("problem-solving" = "problem solving"); emoji,
  control characters and symbols other than "+" become spaces; the tokenizer also splits
  on ``; : ( ) [ ] { } " ! ? *`` inside words ("python;sql", "<b>Excel</b>"). Input is cut
  at :data:`MAX_INPUT_CHARS` characters (at a word boundary).
* **Plurals**: each pattern also matches with its last word in the other simple number
  ("spreadsheets" <-> "spreadsheet", "dashboard" -> "dashboards", "technologies" <->
  "technology"), except single-word brand-like names (a technology written with capitals,
  or any word with inner capitals such as "PowerShell"): "Windows" must not become
  "window". Irregular forms and verb inflections ("managed teams" vs "managing teams")
  match only when the catalog lists them as synonyms: no NLP this module cannot do
  without a model. A real pattern always wins over another skill's generated variant.

Negation (:func:`_is_negated`)
------------------------------
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

import re
import threading
import unicodedata
from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from bot.storage.models import Skill, SkillSynonym

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

#: Longer answers are cut here: a skills answer is a sentence or a list, not a CV.
MAX_INPUT_CHARS = 2000
#: How many ordinary words before a match a negator may stand.
NEGATION_WINDOW = 6

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
_EXTRA_INFIXES = (
    r"[;:()\[\]{}\"!?*]",
    r"-{2,}",
    r"(?<=[;:()\[\]{}\"!?*])'",  # alert('SQL')
    r"'(?=[;:()\[\]{}\"!?*])",
)
_HYPHEN_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


@dataclass(frozen=True)
class ExtractedSkill:
    """A catalog skill found in the text, and the words that named it."""

    skill_id: int
    name: str
    matched_text: str


@dataclass(frozen=True)
class _Pattern:
    skill_id: int
    text: str
    kind: str


def _clean(text: str) -> str:
    """Same length as ``text``: junk characters (emoji, controls, symbols but "+") -> spaces."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n" or category[0] in "LMNP" or char == "+":
            out.append(char)
        else:  # whitespace, emoji and other symbols, control and unassigned characters
            out.append(" ")
    return "".join(out)


def _for_matching(cleaned: str) -> str:
    """Same length again: "problem-solving" reads as "problem solving"."""
    return _HYPHEN_BETWEEN_LETTERS.sub(" ", cleaned)


def _truncate(text: str) -> str:
    if len(text) <= MAX_INPUT_CHARS:
        return text
    cut = text[:MAX_INPUT_CHARS]
    if text[MAX_INPUT_CHARS].isalnum():  # do not end on half a word ("Exc" of "Excel")
        match = re.search(r"\w+$", cut)
        if match is not None:
            cut = cut[: match.start()]
    return cut


def _other_number(word: str) -> str | None:
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


def _is_brand_like(text: str, kind: str) -> bool:
    """A single-word name whose capitals say it is a name, not a common noun."""
    return any(ch.isupper() for ch in text[1:]) or (kind == "technology" and text[:1].isupper())


def _is_ambiguous(word: str, stop_words: Set[str]) -> bool:
    """One or two letters, a stop word or a common word: matched only in the catalog's case."""
    lower = word.lower()
    return (len(word) <= 2 and word.isalpha()) or lower in stop_words or lower in COMMON_WORD_NAMES


def _is_title_case(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text[1:].islower()


class SkillExtractor:
    """Phrase matching of the catalog's skill names and synonyms in free text.

    Build it once per process and database (:func:`get_skill_extractor`): about 0.3 s for
    the sample catalog, 1.3-1.6 s for a full O*NET import (9,100 skills, 18,000 patterns).
    ``extract`` then takes well under a millisecond for a typical answer (about 2 ms at the
    2,000-character cap) and is safe to call from several threads. The constructor takes
    already-read patterns; use :meth:`from_connection` or :meth:`from_engine`.
    """

    def __init__(self, names: dict[int, str], patterns: Iterable[_Pattern]):
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.util import compile_infix_regex

        self._names = dict(names)
        self._nlp: Language = spacy.blank("en")
        self._tokenizer: Tokenizer = cast("Tokenizer", self._nlp.tokenizer)
        infixes = [*(self._nlp.Defaults.infixes or ()), *_EXTRA_INFIXES]
        self._tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        self._lower: PhraseMatcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._orth: PhraseMatcher = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        self._title_case_keys: set[int] = set()  # ORTH match keys written in Title case
        self._skill_of_key: dict[int, int] = {}
        self._lock = threading.Lock()
        self.pattern_count = self._build(list(patterns))

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_connection(cls, connection: Connection) -> SkillExtractor:
        """Read every skill name and synonym (names take precedence over synonyms)."""
        names: dict[int, str] = {}
        patterns: list[_Pattern] = []
        kinds: dict[int, str] = {}
        for skill_id, name, kind in connection.execute(
            select(Skill.id, Skill.name, Skill.kind).order_by(Skill.id)
        ):
            names[skill_id] = name
            kinds[skill_id] = kind
            patterns.append(_Pattern(skill_id, name, kind))
        for skill_id, synonym in connection.execute(
            select(SkillSynonym.skill_id, SkillSynonym.synonym).order_by(
                SkillSynonym.skill_id, SkillSynonym.id
            )
        ):
            patterns.append(_Pattern(skill_id, synonym, kinds.get(skill_id, "skill")))
        return cls(names, patterns)

    @classmethod
    def from_engine(cls, engine: Engine) -> SkillExtractor:
        with engine.connect() as connection:
            return cls.from_connection(connection)

    def _build(self, patterns: list[_Pattern]) -> int:
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.tokens import Doc

        texts = (_for_matching(_clean(" ".join(p.text.split()))) for p in patterns)
        lower_keys: dict[tuple[str, ...], int] = {}
        orth_keys: dict[tuple[str, ...], int] = {}
        variants: list[tuple[tuple[str, ...], int]] = []
        for pattern, doc in zip(patterns, self._tokenizer.pipe(texts, batch_size=1000), strict=True):
            words = tuple(token.text for token in doc if not token.is_space)
            if not words:
                continue
            if len(words) == 1 and _is_ambiguous(words[0], STOP_WORDS):
                orth_keys.setdefault(words, pattern.skill_id)
                continue
            lowered = tuple(word.lower() for word in words)
            lower_keys.setdefault(lowered, pattern.skill_id)
            if len(words) == 1 and _is_brand_like(words[0], pattern.kind):
                continue
            other = _other_number(lowered[-1])
            if other is not None:
                variants.append(((*lowered[:-1], other), pattern.skill_id))
        for words, skill_id in variants:  # real patterns first: a variant never steals one
            lower_keys.setdefault(words, skill_id)

        vocab = self._nlp.vocab
        for keys, matcher in ((lower_keys, self._lower), (orth_keys, self._orth)):
            by_skill: dict[int, list[Doc]] = {}
            for words, skill_id in keys.items():
                by_skill.setdefault(skill_id, []).append(Doc(vocab, words=list(words)))
            for skill_id, docs in by_skill.items():
                label = f"skill:{skill_id}"
                matcher.add(label, docs)
                self._skill_of_key[vocab.strings[label]] = skill_id
        for words in orth_keys:
            if _is_title_case(words[0]):
                self._title_case_keys.add(vocab.strings[words[0]])
        return len(lower_keys) + len(orth_keys)

    # ------------------------------------------------------------------ extraction
    def extract(self, text: str) -> list[ExtractedSkill]:
        """The skills the text says the user has, each once, in order of appearance."""
        if not isinstance(text, str) or not text.strip():
            return []
        display = _clean(_truncate(text))
        with self._lock:  # the tokenizer grows the shared vocabulary
            doc = self._nlp.make_doc(_for_matching(display))
            found = self._matches(doc)
        seen: set[int] = set()
        result = []
        for skill_id, start_char, end_char in found:
            if skill_id in seen:
                continue
            seen.add(skill_id)
            matched = " ".join(display[start_char:end_char].split())
            result.append(ExtractedSkill(skill_id, self._names[skill_id], matched))
        return result

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans = [Span(doc, start, end, label=key) for key, start, end in self._lower(doc)]
        for key, start, end in self._orth(doc):
            if doc[start].orth in self._title_case_keys and _starts_sentence(doc, start):
                continue
            spans.append(Span(doc, start, end, label=key))
        kept = sorted(filter_spans(spans), key=lambda span: span.start)
        covered = {index for span in kept for index in range(span.start, span.end)}
        return [
            (self._skill_of_key[span.label], span.start_char, span.end_char)
            for span in kept
            if not _is_negated(doc, span.start, covered)
        ]

    def skill_ids(self, text: str) -> list[int]:
        return [skill.skill_id for skill in self.extract(text)]

    def __len__(self) -> int:
        return len(self._names)


def _starts_sentence(doc: Doc, index: int) -> bool:
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


def _is_negated(doc: Doc, start: int, covered: set[int]) -> bool:
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


# ---------------------------------------------------------------------- process cache
_cache: dict[str, SkillExtractor] = {}
_cache_lock = threading.Lock()


def _cache_key(engine: Engine) -> str:
    url = engine.url
    key = url.render_as_string(hide_password=False)
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        key += f"#{id(engine)}"  # every in-memory engine is a database of its own
    return key


def get_skill_extractor(engine: Engine) -> SkillExtractor:
    """The extractor for the engine's database, built on first use and kept.

    Call :func:`clear_cache` after the catalog's skills change (imports, tests).
    """
    key = _cache_key(engine)
    with _cache_lock:
        extractor = _cache.get(key)
        if extractor is None:
            extractor = SkillExtractor.from_engine(engine)
            _cache[key] = extractor
        return extractor


def clear_cache() -> None:
    """Forget every built extractor; the next :func:`get_skill_extractor` rebuilds."""
    with _cache_lock:
        _cache.clear()


def extract_skills(engine: Engine, text: str) -> list[ExtractedSkill]:
    """Shortcut: ``get_skill_extractor(engine).extract(text)``."""
    return get_skill_extractor(engine).extract(text)
