"""Find the catalog's skills in a free-text answer ("I know Excel, some SQL and ...").

spaCy without a trained model: a blank English tokenizer and two ``PhraseMatcher``\\ s
built from every skill name and synonym in the catalog. No part-of-speech tagger, no
lemmatizer, no vectors, so every rule below is a plain, documented rule over tokens.

The rules live beside this module: :mod:`bot.catalog.skill_patterns` (how names and text
are normalised: case, ambiguous short words, plurals, hyphens, symbols; and the experience
rules: "I've run a team of 6" is Team Leadership, "I train the new hires" Training Delivery
and Onboarding) and :mod:`bot.catalog.skill_negation` ("I don't know Python", "I've never
run a team" find nothing). Longest match wins when names overlap ("Microsoft Excel" over
"Excel"); a result lists each skill once, in order of first (non-negated) mention, with the
text as the user typed it (the name when a name and an experience rule find the same skill
at the same place). "budget" that speaks of the person's own money ("budget of 300", "my
budget is tight") is not the Budgeting skill.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from bot.catalog.cache import ProcessCache
from bot.catalog.skill_negation import is_negated, starts_sentence
from bot.catalog.skill_patterns import (
    COMPILED_EXPERIENCE_RULES,
    EXTRA_INFIXES,
    clean_text,
    for_matching,
    is_ambiguous,
    is_brand_like,
    is_own_budget,
    is_title_case,
    lowered,
    other_number,
)
from bot.storage.models import Skill, SkillSynonym

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

#: Longer answers are cut here (at a word boundary): a skills answer is a sentence or a list, not a CV.
MAX_INPUT_CHARS = 2000


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


def _truncate(text: str) -> str:
    if len(text) <= MAX_INPUT_CHARS:
        return text
    cut = text[:MAX_INPUT_CHARS]
    if text[MAX_INPUT_CHARS].isalnum():  # do not end on half a word ("Exc" of "Excel")
        match = re.search(r"\w+$", cut)
        if match is not None:
            cut = cut[: match.start()]
    return cut


class SkillExtractor:
    """Phrase matching of the catalog's skill names and synonyms in free text.

    Build it once per process and database (:func:`get_skill_extractor`): about 0.3 s for
    the sample catalog, 1.3-1.6 s for a full O*NET import (9,100 skills, 18,000 patterns).
    ``extract`` then takes well under a millisecond for a typical answer (about 5 ms at the
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
        infixes = [*(self._nlp.Defaults.infixes or ()), *EXTRA_INFIXES]
        self._tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        self._lower: PhraseMatcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._orth: PhraseMatcher = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        self._title_case_keys: set[int] = set()  # ORTH match keys written in Title case
        self._skill_of_key: dict[int, int] = {}
        #: The experience rules whose skills this catalog has: (pattern, skill ids).
        self._experience: list[tuple[re.Pattern[str], tuple[int, ...]]] = []
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

        texts = (for_matching(clean_text(" ".join(p.text.split()))) for p in patterns)
        lower_keys: dict[tuple[str, ...], int] = {}
        orth_keys: dict[tuple[str, ...], int] = {}
        variants: list[tuple[tuple[str, ...], int]] = []
        for pattern, doc in zip(patterns, self._tokenizer.pipe(texts, batch_size=1000), strict=True):
            words = tuple(token.text for token in doc if not token.is_space)
            if not words:
                continue
            if len(words) == 1 and is_ambiguous(words[0], STOP_WORDS):
                orth_keys.setdefault(words, pattern.skill_id)
                continue
            lowered = tuple(word.lower() for word in words)
            lower_keys.setdefault(lowered, pattern.skill_id)
            if len(words) == 1 and is_brand_like(words[0], pattern.kind):
                continue
            other = other_number(lowered[-1])
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
            if is_title_case(words[0]):
                self._title_case_keys.add(vocab.strings[words[0]])
        self._build_experience(lower_keys, orth_keys)
        return len(lower_keys) + len(orth_keys)

    def _build_experience(
        self, lower_keys: dict[tuple[str, ...], int], orth_keys: dict[tuple[str, ...], int]
    ) -> None:
        """Keep the experience rules whose skill names (or synonyms) the catalog has."""
        by_name = {name.casefold(): skill_id for skill_id, name in self._names.items()}
        for pattern, skill_names in COMPILED_EXPERIENCE_RULES:
            ids: list[int] = []
            for name in skill_names:
                skill_id = by_name.get(name.casefold())
                if skill_id is None:
                    words = tuple(
                        token.text
                        for token in self._tokenizer(for_matching(clean_text(name)))
                        if not token.is_space
                    )
                    skill_id = lower_keys.get(tuple(word.lower() for word in words), orth_keys.get(words))
                if skill_id is not None and skill_id not in ids:
                    ids.append(skill_id)
            if ids:
                self._experience.append((pattern, tuple(ids)))

    # ------------------------------------------------------------------ extraction
    def extract(self, text: str) -> list[ExtractedSkill]:
        """The skills the text says the user has, each once, in order of appearance."""
        if not isinstance(text, str) or not text.strip():
            return []
        display = clean_text(_truncate(text))
        matching = for_matching(display)
        with self._lock:  # the tokenizer grows the shared vocabulary
            doc = self._nlp.make_doc(matching)
            found = self._matches(doc, lowered(matching))
        seen: set[int] = set()
        result = []
        for skill_id, start_char, end_char in found:
            if skill_id in seen:
                continue
            seen.add(skill_id)
            matched = " ".join(display[start_char:end_char].split())
            result.append(ExtractedSkill(skill_id, self._names[skill_id], matched))
        return result

    def _matches(self, doc: Doc, low: str) -> list[tuple[int, int, int]]:
        """(skill id, start char, end char) of every name and experience found, in order."""
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans = [Span(doc, start, end, label=key) for key, start, end in self._lower(doc)]
        for key, start, end in self._orth(doc):
            if doc[start].orth in self._title_case_keys and starts_sentence(doc, start):
                continue
            spans.append(Span(doc, start, end, label=key))
        kept = sorted(filter_spans(spans), key=lambda span: span.start)
        kept = [span for span in kept if not is_own_budget(low, span.start_char, span.end_char)]
        covered = {index for span in kept for index in range(span.start, span.end)}
        found = [
            (self._skill_of_key[span.label], span.start_char, span.end_char)
            for span in kept
            if not is_negated(doc, span.start, covered)
        ]
        named = [(skill_id, start, end) for skill_id, start, end in found]
        for pattern, skill_ids in self._experience:
            for match in pattern.finditer(low):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is None or is_negated(doc, span.start, covered):
                    continue
                for skill_id in skill_ids:
                    if any(
                        skill_id == other and start < match.end() and match.start() < end
                        for other, start, end in named
                    ):
                        continue  # the name said it at the same place
                    found.append((skill_id, match.start(), match.end()))
        return sorted(found, key=lambda item: item[1])

    def skill_ids(self, text: str) -> list[int]:
        return [skill.skill_id for skill in self.extract(text)]

    def __len__(self) -> int:
        return len(self._names)


_extractors: ProcessCache[SkillExtractor] = ProcessCache()


def get_skill_extractor(engine: Engine) -> SkillExtractor:
    """The extractor for the engine's database, built on first use and kept.

    Call :func:`clear_cache` after the catalog's skills change (imports, tests).
    """
    return _extractors.get(engine, SkillExtractor.from_engine)


def clear_cache() -> None:
    """Forget every built extractor; the next :func:`get_skill_extractor` rebuilds."""
    _extractors.clear()


def extract_skills(engine: Engine, text: str) -> list[ExtractedSkill]:
    """Shortcut: ``get_skill_extractor(engine).extract(text)``."""
    return get_skill_extractor(engine).extract(text)
