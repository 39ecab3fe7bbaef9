"""Feedback: the answer to "Was this helpful?" after advice or an FAQ answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.hr.rows import RecordError, clean_text, insert_row, record_values
from bot.storage.models import FEEDBACK_SUBJECTS, Feedback

TOPIC_MAX_LENGTH = 100


def record_feedback(
    connection: Connection | Session,
    sender_id: str,
    helpful: bool,
    *,
    subject: str = "other",
    topic: str | None = None,
    now: datetime | None = None,
) -> int:
    if subject not in FEEDBACK_SUBJECTS:
        raise RecordError(f"subject must be one of {', '.join(FEEDBACK_SUBJECTS)}, not {subject!r}")
    table = Feedback.__table__
    values = record_values(
        sender_id, now, subject=subject, topic=clean_text(topic, TOPIC_MAX_LENGTH), helpful=bool(helpful)
    )
    return insert_row(connection, table, values)


@dataclass
class FeedbackCounts:
    helpful: int = 0
    not_helpful: int = 0

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def share_helpful(self) -> float | None:
        return None if not self.total else self.helpful / self.total


def feedback_counts(
    connection: Connection | Session, since: datetime | None = None
) -> dict[str, FeedbackCounts]:
    """Helpful / not helpful per subject (``advice``, ``faq``, ``other``) and ``all``."""
    table = Feedback.__table__
    query = select(table.c.subject, table.c.helpful)
    if since is not None:
        query = query.where(table.c.created_at >= since)
    counts: dict[str, FeedbackCounts] = {"all": FeedbackCounts()}
    for subject, helpful in connection.execute(query):
        for key in (subject, "all"):
            entry = counts.setdefault(key, FeedbackCounts())
            if helpful:
                entry.helpful += 1
            else:
                entry.not_helpful += 1
    return counts
