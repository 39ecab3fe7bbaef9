"""What the assistant could not answer, so HR sees what it should learn next.

Unanswered messages (out of scope, not understood, declined topics) with their channel and
the NLU's best guesses; ``group_similar`` clusters them by wording (scikit-learn TF-IDF +
agglomerative clustering) after ``split_off_topic`` has set off-topic noise aside
(``bot.hr.topicality``), ``faq_examples_yaml`` exports selected ones as Rasa NLU training
examples of ``faq/<topic>`` (masked: no e-mail addresses or phone numbers enter training data).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import yaml
from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.hr.rows import RecordError, aware, clean_text, insert_row, record_values
from bot.hr.topicality import is_career_related
from bot.profiles.masking import mask_contacts
from bot.storage.models import (
    UNANSWERED_KINDS,
    UnansweredMessage,
)

TEXT_MAX_LENGTH = 2000
TOPIC_MAX_LENGTH = 100
MAX_TOP_INTENTS = 5
#: Texts closer than this cosine distance (TF-IDF of words and character n-grams) form a group.
GROUP_DISTANCE = 0.75
#: The same for the sentence encoder's cosine distance (see ``group_distances``).
MEANING_GROUP_DISTANCE = 0.4
logger = logging.getLogger(__name__)
FAQ_TOPIC = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


@dataclass
class Unanswered:
    id: int
    sender_id: str
    channel: str | None
    kind: str
    text: str
    top_intents: list[dict[str, Any]] = field(default_factory=list)
    created_at: datetime | None = None
    faq_topic: str | None = None
    exported_at: datetime | None = None

    @property
    def masked_text(self) -> str:
        return mask_contacts(self.text)

    @property
    def career_related(self) -> bool:
        """A career or HR question (a gap to fill), not off-topic noise such as a pizza order."""
        return is_career_related(self.text, self.kind)

    def as_dict(self, masked: bool = True) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "channel": self.channel,
            "text": self.masked_text if masked else self.text,
            "top_intents": self.top_intents,
            "created_at": None if self.created_at is None else self.created_at.isoformat(timespec="seconds"),
            "faq_topic": self.faq_topic,
        }


def _top_intents(ranking: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    intents: list[dict[str, Any]] = []
    for entry in list(ranking or [])[:MAX_TOP_INTENTS]:
        name = clean_text(entry.get("name"), 100)
        if name is None:
            continue
        confidence = entry.get("confidence")
        intents.append(
            {"name": name, "confidence": None if confidence is None else round(float(confidence), 4)}
        )
    return intents


def record_unanswered(
    connection: Connection | Session,
    sender_id: str,
    text: str | None,
    *,
    kind: str,
    channel: str | None = None,
    top_intents: Iterable[dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> int | None:
    """Store one unanswered message; returns its id (``None`` for an empty or a button text)."""
    if kind not in UNANSWERED_KINDS:
        raise RecordError(f"kind must be one of {', '.join(UNANSWERED_KINDS)}, not {kind!r}")
    cleaned = clean_text(text, TEXT_MAX_LENGTH)
    if cleaned is None or cleaned.startswith("/"):
        return None  # a button payload is not a question
    table = UnansweredMessage.__table__
    values = record_values(
        sender_id,
        now,
        channel=clean_text(channel, 64),
        kind=kind,
        text=cleaned,
        top_intents=_top_intents(top_intents),
    )
    return insert_row(connection, table, values)


def _unanswered_from_row(row: Any) -> Unanswered:
    values = row._mapping
    return Unanswered(
        id=int(values["id"]),
        sender_id=values["sender_id"],
        channel=values["channel"],
        kind=values["kind"],
        text=values["text"],
        top_intents=list(values["top_intents"] or []),
        created_at=aware(values["created_at"]),
        faq_topic=values["faq_topic"],
        exported_at=aware(values["exported_at"]),
    )


def list_unanswered(
    connection: Connection | Session,
    *,
    include_exported: bool = False,
    kinds: Sequence[str] | None = None,
    limit: int = 500,
) -> list[Unanswered]:
    """Unanswered messages, newest first (exported ones only when asked)."""
    table = UnansweredMessage.__table__
    query = select(table)
    if not include_exported:
        query = query.where(table.c.exported_at.is_(None))
    if kinds:
        query = query.where(table.c.kind.in_(list(kinds)))
    rows = connection.execute(query.order_by(table.c.created_at.desc(), table.c.id.desc()).limit(limit)).all()
    return [_unanswered_from_row(row) for row in rows]


def get_unanswered(connection: Connection | Session, ids: Sequence[int]) -> list[Unanswered]:
    """The messages with these ids, in the order given; ``RecordError`` names missing ids."""
    table = UnansweredMessage.__table__
    wanted = [int(value) for value in ids]
    rows = connection.execute(select(table).where(table.c.id.in_(wanted))).all()
    found = {int(row._mapping["id"]): _unanswered_from_row(row) for row in rows}
    missing = [str(value) for value in wanted if value not in found]
    if missing:
        raise RecordError(f"no unanswered message with id {', '.join(missing)}")
    return [found[value] for value in dict.fromkeys(wanted)]


def split_off_topic(messages: Sequence[Unanswered]) -> tuple[list[Unanswered], list[Unanswered]]:
    """The career and HR questions, and the off-topic requests (left out of HR's queue by default)."""
    career = [message for message in messages if message.career_related]
    off_topic = [message for message in messages if not message.career_related]
    return career, off_topic


@dataclass
class Group:
    """Messages that ask the same thing; ``label`` is the most central one (masked)."""

    label: str
    messages: list[Unanswered]

    @property
    def ids(self) -> list[int]:
        return [message.id for message in self.messages]


def wording_distances(texts: Sequence[str]) -> Any:
    """Cosine distances of TF-IDF vectors of words (1-2 grams) and character n-grams."""
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    lowered = [text.lower() for text in texts]
    characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit(lowered)
    try:
        words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), stop_words="english").fit(lowered)
        matrix = hstack([words.transform(lowered), characters.transform(lowered)])
    except ValueError:  # only stop words
        matrix = characters.transform(lowered)
    return np.clip(cosine_distances(matrix), 0.0, None)


def meaning_distances(texts: Sequence[str]) -> Any:
    """Cosine distances of the sentence encoder's vectors (bot.sentence_encoder), or ``None``
    when the encoder cannot be loaded (then grouping falls back to wording alone)."""
    import numpy as np

    try:
        from bot.sentence_encoder import MAX_LENGTH, default_model_path, load_encoder

        encoder = load_encoder(str(default_model_path()), MAX_LENGTH)
    except (ImportError, FileNotFoundError, OSError) as error:
        logger.warning("sentence encoder unavailable, grouping by wording only: %s", error)
        return None
    vectors = encoder(list(texts))
    return np.clip(1.0 - vectors @ vectors.T, 0.0, None)


def group_distances(texts: Sequence[str], by_meaning: bool = True) -> tuple[Any, float]:
    """The distances ``group_similar`` clusters on and their threshold: meaning when the
    encoder loads, else wording.

    Measured on the first independent set's 131 FAQ questions (pairs grouped together that
    share an answer topic): wording at 0.75 finds 6% of the same-topic pairs at precision
    0.30; meaning at 0.4 finds 25% at precision 0.28; their mean did worse than either."""
    meaning = meaning_distances(texts) if by_meaning else None
    if meaning is None:
        return wording_distances(texts), GROUP_DISTANCE
    return meaning, MEANING_GROUP_DISTANCE


def group_similar(
    messages: Sequence[Unanswered],
    distance: float | None = None,
    by_meaning: bool = True,
) -> list[Group]:
    """Group messages that ask the same thing, biggest group first.

    scikit-learn's agglomerative clustering (average linkage) over ``group_distances``
    merges groups closer than ``distance`` (default: the threshold of the distances used).
    Identical texts always share a group.
    """
    if not messages:
        return []
    if len(messages) == 1:
        return [Group(messages[0].masked_text, list(messages))]
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering

    texts = [message.masked_text for message in messages]
    distances, threshold = group_distances(texts, by_meaning)
    distance = threshold if distance is None else distance
    labels = AgglomerativeClustering(
        n_clusters=None, affinity="precomputed", linkage="average", distance_threshold=distance
    ).fit_predict(np.asarray(distances))
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    result: list[Group] = []
    for members in groups.values():
        central = min(members, key=lambda i: float(distances[i, members].sum()))
        result.append(Group(messages[central].masked_text, [messages[i] for i in members]))
    result.sort(key=lambda group: (-len(group.messages), group.label))
    return result


def faq_examples_yaml(messages: Sequence[Unanswered], topic: str) -> str:
    """The messages as NLU training examples of ``faq/<topic>`` in Rasa's YAML format.

    Texts are masked and de-duplicated; the answer ``utter_faq/<topic>`` must be written
    in the responses (for a new topic) before training."""
    if not FAQ_TOPIC.match(topic or ""):
        raise RecordError(
            f"topic must be lower-case letters, digits and underscores, starting with a letter: {topic!r}"
        )
    examples = list(dict.fromkeys(" ".join(message.masked_text.split()) for message in messages))
    examples = [example for example in examples if example]
    if not examples:
        raise RecordError("nothing to export")
    body = "".join(f"      - {example}\n" for example in examples)
    document = f'version: "3.1"\nnlu:\n  - intent: faq/{topic}\n    examples: |\n{body}'
    parsed = yaml.safe_load(document)  # the result must be valid YAML with the same examples
    assert parsed["nlu"][0]["intent"] == f"faq/{topic}"
    return document


def mark_exported(
    connection: Connection | Session, ids: Sequence[int], topic: str, now: datetime | None = None
) -> None:
    table = UnansweredMessage.__table__
    connection.execute(
        update(table)
        .where(table.c.id.in_([int(value) for value in ids]))
        .values(faq_topic=topic, exported_at=now or datetime.now(timezone.utc))
    )
