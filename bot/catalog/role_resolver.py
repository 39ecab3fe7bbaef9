"""Turn what a person types about their job into ranked catalog roles.

People write "I work as a sr. sw dev at a bank", "RN", "acountant" or "data analyst
with SQL". The resolver normalises the text (case, accents, punctuation, filler phrases
such as "I work as a", common abbreviations) and then scores it against every role
title and alias (see ``RoleResolver``), keeping the best score per role.

The index is built once from the database (a few hundred ms for the full O*NET set) and
then answers from memory, so a warm process resolves a query in a few milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from bot.catalog.cache import ProcessCache
from bot.storage.models import Role, RoleAlias

#: Phrases around a job title that carry no information about the role.
_FILLER = re.compile(
    r"^(?:(?:well|so|hi|hello|hey|um|uh|ok|okay)[, ]+)*"
    r"(?:i\s*(?:am|'m|m)\s+(?:currently\s+|now\s+|still\s+)?(?:working\s+as\s+|employed\s+as\s+)?"
    r"|i\s+(?:currently\s+)?(?:work|worked|have\s+worked)\s+(?:as|in)\s+"
    r"|my\s+(?:current\s+)?(?:job|role|position|title|job\s+title)\s+is\s+"
    r"|(?:currently\s+)?(?:working|employed)\s+as\s+"
    r"|i\s+do\s+"
    r"|as\s+)?"
    r"(?:an?\s+|the\s+)?",
)
_TRAILING = re.compile(
    r"\s+(?:in|with)\s+(?:a|an|the|my)\s+.*$"
    r"|\s+(?:at|for)\s+\S.*$"  # "cashier at walmart", "driver for uber"
    r"|\s+(?:for|since)\s+\d+\s+(?:years?|months?).*$"
)
#: Abbreviations expanded on both sides (query and titles) so they compare equal.
ABBREVIATIONS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "devs": "developers",
    "sw": "software",
    "admin": "administrator",
    "asst": "assistant",
    "assoc": "associate",
    "rep": "representative",
    "reps": "representatives",
    "tech": "technician",
    "techs": "technicians",
    "spec": "specialist",
    "coord": "coordinator",
    "acct": "accountant",
    "exec": "executive",
    "dir": "director",
    "supv": "supervisor",
    "mktg": "marketing",
    "it": "information technology",
    "sysadmin": "systems administrator",
    "hr": "human resources",
    "qa": "quality assurance",
    "ops": "operations",
}
_TOKEN = re.compile(r"[a-z0-9+#]+")


def normalize_title(text: str) -> str:
    """Lower-case, strip accents and punctuation, expand abbreviations."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " and ")
    tokens = [ABBREVIATIONS.get(token, token) for token in _TOKEN.findall(text)]
    return " ".join(tokens)


def strip_filler(text: str) -> str:
    """Remove "I work as a ... at a bank" around the title itself."""
    text = " ".join(text.lower().split())
    text = _FILLER.sub("", text, count=1)
    text = _TRAILING.sub("", text)
    return text.strip(" .!,;:")


@dataclass(frozen=True)
class RoleCandidate:
    code: str
    title: str
    score: float
    matched: str

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "title": self.title, "score": round(self.score, 1)}


#: The last word of a field and the role that works in it ("project management" -> "project manager").
FIELD_ROLES = {
    "management": "manager",
    "analysis": "analyst",
    "analytics": "analyst",
    "design": "designer",
    "development": "developer",
    "engineering": "engineer",
    "nursing": "nurse",
    "accounting": "accountant",
    "bookkeeping": "bookkeeper",
    "testing": "tester",
    "programming": "programmer",
    "coding": "programmer",
    "teaching": "teacher",
    "consulting": "consultant",
    "writing": "writer",
    "inspection": "inspector",
    "marketing": "marketing specialist",
    "science": "scientist",
    "research": "researcher",
    "administration": "administrator",
    "support": "support specialist",
    "sales": "sales representative",
    "recruiting": "recruiter",
    "recruitment": "recruiter",
    "training": "trainer",
    "planning": "planner",
}

#: Fields too broad to stand for one role when said alone.
BROAD_FIELDS = frozenset(
    {"marketing", "support", "sales", "training", "planning", "research", "administration"}
)

#: A best match at least this good, and this far ahead of the next, is taken without asking.
CONFIDENT_SCORE = 90.0
CLEAR_LEAD = 4.0


def is_confident(candidates: Sequence[RoleCandidate]) -> bool:
    """Is the best candidate (first) clearly the role the person meant?"""
    if not candidates or candidates[0].score < CONFIDENT_SCORE:
        return False
    return len(candidates) == 1 or candidates[0].score - candidates[1].score >= CLEAR_LEAD


@dataclass(frozen=True)
class RoleChoice:
    """An answer naming a role: take ``chosen`` as it is, or ask which of ``candidates``
    (empty when no role is close enough)."""

    chosen: RoleCandidate | None
    candidates: list[RoleCandidate]


def known_titles(connection: Connection) -> list[str]:
    """Role titles and aliases as written, for spotting job titles said without a cue
    (``bot.profiles.facts.use_known_titles``). One-word names are left out except acronyms
    ("LPN"): with O*NET imported they include words such as "Owner" or "Agent" that name a
    job only in context, and the fact finder's own lexicon already knows one-word roles."""
    titles = [
        *connection.execute(select(Role.title)).scalars(),
        *connection.execute(select(RoleAlias.alias)).scalars(),
    ]
    return sorted({title for title in titles if title and (" " in title.strip() or title.isupper())})


class RoleResolver:
    """An in-memory index of role titles and aliases for fuzzy lookup.

    Two stages, both from well-kept libraries: scikit-learn's character n-gram TF-IDF
    finds the closest few dozen names among tens of thousands in about a millisecond
    (robust to typos, word order and extra words), then RapidFuzz's ``WRatio`` rescores
    those few. The score is the mean of both, so a short alias that merely appears inside
    the query ("Developer" in "software developer") ranks below the full match.
    """

    #: Candidates scoring below this (0-100) are not offered at all.
    MIN_SCORE = 60.0
    #: How many nearest names the first stage hands to the second.
    SHORTLIST = 40

    def __init__(self, roles: list[tuple[str, str]], aliases: Iterable[tuple[int, str]]):
        """``roles``: (code, title) pairs; ``aliases``: (index into roles, alias)."""
        self._roles = roles
        names: dict[str, list[int]] = {}
        title_keys: set[tuple[str, int]] = set()
        for index, (_, title) in enumerate(roles):
            key = normalize_title(title)
            if key:
                names.setdefault(key, []).append(index)
                title_keys.add((key, index))
        for index, alias in aliases:
            key = normalize_title(alias)
            if key and index not in names.setdefault(key, []):
                names[key].append(index)
        self._names = list(names)
        self._roles_of = [names[name] for name in self._names]
        self._title_keys = title_keys
        self._position = {name: position for position, name in enumerate(self._names)}
        self._vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), dtype=np.float32)
        matrix = self._vectorizer.fit_transform(self._names) if self._names else None
        self._matrix = matrix.T.tocsr() if matrix is not None else None

    @classmethod
    def from_connection(cls, connection: Connection) -> RoleResolver:
        rows = connection.execute(select(Role.id, Role.code, Role.title).order_by(Role.code)).all()
        position = {row.id: index for index, row in enumerate(rows)}
        aliases = [
            (position[role_id], alias)
            for role_id, alias in connection.execute(
                select(RoleAlias.role_id, RoleAlias.alias).order_by(RoleAlias.id)
            )
        ]
        return cls([(row.code, row.title) for row in rows], aliases)

    @classmethod
    def from_engine(cls, engine: Engine) -> RoleResolver:
        with engine.connect() as connection:
            return cls.from_connection(connection)

    def __len__(self) -> int:
        return len(self._names)

    def _shortlist(self, query: str) -> list[tuple[int, float]]:
        """(name position, cosine similarity) of the nearest names by character n-grams."""
        if self._matrix is None:
            return []
        vector = self._vectorizer.transform([query])
        if vector.nnz == 0:
            return []
        similarities = np.asarray((vector @ self._matrix).todense()).ravel()
        count = min(self.SHORTLIST, similarities.size)
        top = np.argpartition(-similarities, count - 1)[:count]
        return [
            (int(position), float(similarities[position])) for position in top if similarities[position] > 0
        ]

    def resolve(self, text: str, limit: int = 5) -> list[RoleCandidate]:
        """Up to ``limit`` roles, best first; empty when nothing is close enough.

        A field ("digital marketing", "project management", "nursing") is also looked up as
        the role that works in it (:data:`FIELD_ROLES`), and the better match of the two wins."""
        query = normalize_title(strip_filler(text[:300]))
        if not query:
            return []
        words = query.split()
        role_of_field = FIELD_ROLES.get(words[-1])
        if len(words) == 1 and words[0] in BROAD_FIELDS:
            role_of_field = None  # "marketing" alone names no one role
        if role_of_field is None or query in self._position:
            return self._resolve(query, limit)
        best: dict[str, RoleCandidate] = {}
        for variant in (query, " ".join([*words[:-1], role_of_field])):
            for candidate in self._resolve(variant, limit):
                if candidate.code not in best or best[candidate.code].score < candidate.score:
                    best[candidate.code] = candidate
        return sorted(best.values(), key=lambda candidate: (-candidate.score, candidate.title))[:limit]

    def _resolve(self, query: str, limit: int) -> list[RoleCandidate]:
        shortlist = self._shortlist(query)
        exact = self._position.get(query)
        if exact is not None:
            shortlist.append((exact, 1.0))
        best: dict[int, RoleCandidate] = {}
        for position, cosine in shortlist:
            name = self._names[position]
            score = 100.0 if position == exact else (fuzz.WRatio(query, name) + 100.0 * cosine) / 2
            if score < self.MIN_SCORE:
                continue
            for role_index in self._roles_of[position]:
                # A match on the official title beats an equally good match on an alias.
                bonus = 0.5 if (name, role_index) in self._title_keys else 0.0
                self._keep(best, role_index, name, min(score + bonus, 100.0))
        # Equal scores happen when one alias belongs to several roles ("truck driver"):
        # the role whose own title is closest to the query goes first.
        ranked = sorted(
            best.values(),
            key=lambda candidate: (
                -candidate.score,
                -fuzz.token_set_ratio(query, normalize_title(candidate.title)),
                candidate.title,
            ),
        )
        return ranked[:limit]

    def choose(self, text: str, limit: int = 3) -> RoleChoice:
        """The role ``text`` names when the match is clear (:func:`is_confident`), else the
        ``limit`` closest ones to ask about."""
        candidates = self.resolve(text, limit=limit)
        return RoleChoice(candidates[0] if is_confident(candidates) else None, candidates)

    def _keep(self, best: dict[int, RoleCandidate], role_index: int, name: str, score: float) -> None:
        current = best.get(role_index)
        if current is None or score > current.score:
            code, title = self._roles[role_index]
            best[role_index] = RoleCandidate(code, title, score, name)


_resolvers: ProcessCache[RoleResolver] = ProcessCache()


def get_role_resolver(engine: Engine) -> RoleResolver:
    """The process-wide resolver for this database, built on first use."""
    return _resolvers.get(engine, RoleResolver.from_engine)


def clear_resolver_cache() -> None:
    """Forget built indexes (after an import changed the roles)."""
    _resolvers.clear()
